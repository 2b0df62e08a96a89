import Synchronization

/// A fixed number of slots shared by concurrent tasks: connections per daemon, requests per connection.
final class Slots: Sendable {
    private let capacity: Int
    private let used = Mutex(0)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Takes a slot if one is free.
    func tryAcquire() -> Bool {
        used.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    func release() {
        used.withLock { $0 -= 1 }
    }
}

import NIOCore
import Synchronization

/// What the connection's task tells its deadlines: a request being worked on means the connection is not idle,
/// however long the work takes (a province's import is applied for minutes with nothing on the wire), and
/// idleness counts from the last answer as well as from the last frame received.
final class ConnectionActivity: Sendable {
    private let working = Atomic<Int>(0)
    private let lastAnswer = Atomic<UInt64>(0)

    /// A request was handed to the router.
    func began() { working.wrappingAdd(1, ordering: .relaxed) }

    /// Its answer went out (or it ended without one).
    func ended() {
        lastAnswer.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
        working.wrappingSubtract(1, ordering: .relaxed)
    }

    /// The latest moment the connection was known to be in use besides what it received: now while a request is
    /// being worked on, else the last answer, if any.
    func lastActive(at now: NIODeadline) -> NIODeadline? {
        if working.load(ordering: .relaxed) > 0 { return now }
        let answered = lastAnswer.load(ordering: .relaxed)
        return answered == 0 ? nil : .uptimeNanoseconds(answered)
    }
}

import Foundation
import Synchronization

/// The chunks of unfinished imports that failed lately. Since 1.4 a chunk may wait for the chunks ahead of it
/// (PROTOCOL.md §7.5); when one of those failed it will not be staged, and the chunks waiting for it are refused
/// at once instead of at the end of their wait.
final class ImportFailures: Sendable {
    private let failures = Mutex<[Data: Int]>([:])
    /// Far more imports than are ever in flight at once; forgetting one early only makes its chunks wait longer.
    static let capacity = 1024

    func failed(_ importID: Data, chunk: Int) {
        failures.withLock { failed in
            if failed.count >= Self.capacity { failed.removeAll() }
            failed[importID] = min(failed[importID] ?? chunk, chunk)
        }
    }

    /// A chunk that failed once and was staged on a retry no longer holds the chunks after it back.
    func staged(_ importID: Data, chunk: Int) {
        failures.withLock { failed in
            if failed[importID] == chunk { failed[importID] = nil }
        }
    }

    /// The first chunk of `importID` before `chunk` that failed, if one did.
    func failure(of importID: Data, before chunk: Int) -> Int? {
        failures.withLock { failed in failed[importID].flatMap { $0 < chunk ? $0 : nil } }
    }
}

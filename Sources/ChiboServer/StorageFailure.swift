import ChiboWire
import GRDB

/// A database failure that is the machine's state, not a bug: the disk is full, or the database cannot be
/// written. The client is told so, with a retryable code, and the operator in the log; `internal` stays for bugs.
struct StorageFailure {
    let reason: String

    init?(_ error: any Error) {
        guard let database = error as? DatabaseError else { return nil }
        switch database.resultCode {
        case .SQLITE_FULL: reason = "the daemon's disk is full"
        case .SQLITE_READONLY: reason = "the daemon's database cannot be written (read-only file or file system)"
        case .SQLITE_IOERR: reason = "the daemon's disk reported an I/O error"
        case .SQLITE_CANTOPEN: reason = "the daemon cannot open its database files"
        default: return nil
        }
    }

    var wireError: WireError {
        WireError(.storageUnavailable, "\(reason); nothing was written, try again once an operator has fixed it", retryable: true)
    }
}

import GRDB

extension Store {
    /// Why the database cannot be written when `error` is the machine's state rather than a bug: the disk is
    /// full, the file or file system is read-only, an I/O error. Nil for any other error.
    public static func storageFailure(_ error: any Error) -> String? {
        guard let database = error as? DatabaseError else { return nil }
        switch database.resultCode {
        case .SQLITE_FULL: return "the daemon's disk is full"
        case .SQLITE_READONLY: return "the daemon's database cannot be written (read-only file or file system)"
        case .SQLITE_IOERR: return "the daemon's disk reported an I/O error"
        case .SQLITE_CANTOPEN: return "the daemon cannot open its database files"
        default: return nil
        }
    }
}

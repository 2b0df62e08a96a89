/// The one error type of the server module: failures to start or to prepare a data directory.
/// Errors a peer sees are `WireError`s; these are for the operator.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case dataDirectoryExists = "data_directory_exists"
        case dataDirectoryMissing = "data_directory_missing"
        case dataDirectoryUnsafe = "data_directory_unsafe"
        case alreadyRunning = "already_running"
        case keyFile = "key_file"
        case corruptBackup = "corrupt_backup"
        /// Settings that do not make sense together (a limit of 0, plaintext TCP on a public address).
        case invalidConfiguration = "invalid_configuration"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The one error type of the wire layer. `code` is the stable string sent on the wire
/// (Proto/PROTOCOL.md lists them); `message` is for people and may change.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Connection-level: the daemon closes the connection after these (Proto/PROTOCOL.md §8).
        public static let protocolError = Code(rawValue: "protocol_error")
        public static let unsupportedVersion = Code(rawValue: "unsupported_version")
        public static let frameTooLarge = Code(rawValue: "frame_too_large")
        public static let timeout = Code(rawValue: "timeout")
        public static let authenticationFailed = Code(rawValue: "authentication_failed")
        public static let replay = Code(rawValue: "replay")
        public static let badSequence = Code(rawValue: "bad_sequence")
        public static let staleTimestamp = Code(rawValue: "stale_timestamp")
        public static let badRequest = Code(rawValue: "bad_request")
        /// A TCP client that did not ask for the confidential transport (PROTOCOL.md §4.1).
        public static let encryptionRequired = Code(rawValue: "encryption_required")
        // Request-level: the connection stays open.
        public static let forbidden = Code(rawValue: "forbidden")
        public static let notFound = Code(rawValue: "not_found")
        public static let conflict = Code(rawValue: "conflict")
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        /// The request is well formed but the daemon lacks what it needs first (e.g. no rule set loaded).
        public static let failedPrecondition = Code(rawValue: "failed_precondition")
        public static let busy = Code(rawValue: "busy")
        /// A limit on what one key may hold in the daemon (staged imports) would be passed; the message says which.
        public static let limitExceeded = Code(rawValue: "limit_exceeded")
        /// The daemon cannot write (disk full, read-only database): retryable once an operator fixes it.
        public static let storageUnavailable = Code(rawValue: "storage_unavailable")
        public static let unsupportedOperation = Code(rawValue: "unsupported_operation")
        public static let `internal` = Code(rawValue: "internal")
        // Client-side only: never sent by a daemon.
        public static let daemonKeyChanged = Code(rawValue: "daemon_key_changed")
        public static let badResponse = Code(rawValue: "bad_response")
        public static let connectionClosed = Code(rawValue: "connection_closed")
        public static let cannotConnect = Code(rawValue: "cannot_connect")
    }

    public var code: Code
    public var message: String
    public var retryable: Bool
    /// For a write of several records: which one failed (0-based, over the whole import).
    public var recordIndex: Int?
    /// The finer code of the module that refused ("not_in_cell", "empty_field", "conflict"), when there is one.
    public var reason: String?

    public init(_ code: Code, _ message: String, retryable: Bool = false, recordIndex: Int? = nil, reason: String? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.recordIndex = recordIndex
        self.reason = reason
    }

    public var description: String { "\(code): \(message)" }
}

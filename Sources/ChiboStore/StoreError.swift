/// The one error type of the store. Codes are stable; the server's error funnel maps each onto the wire code
/// of the same name (`corrupt` is told as `internal`).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound = "not_found"
        case conflict = "conflict"
        case corrupt = "corrupt"
        /// A limit on what one key may stage (chunks, bytes, open imports) would be passed.
        case limitExceeded = "limit_exceeded"
        /// A request the store cannot honour as asked (a filter the kind lacks, a report over a wrong period).
        case invalidArgument = "invalid_argument"
        /// The store lacks what the request needs first (no rule set loaded).
        case failedPrecondition = "failed_precondition"
        /// A lower daemon's bundle does not start where the accepted entries end (told as `failed_precondition`).
        case gap = "gap"
        /// A lower daemon's bundle gives a different history over entries already accepted (told as `conflict`).
        case fork = "fork"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

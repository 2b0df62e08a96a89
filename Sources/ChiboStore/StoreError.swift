/// The one error type of the store. Codes are stable and map one-to-one onto wire error codes.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound = "not_found"
        case conflict = "conflict"
        case corrupt = "corrupt"
        /// A limit on what one key may stage (chunks, bytes, open imports) would be passed.
        case limitExceeded = "limit_exceeded"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

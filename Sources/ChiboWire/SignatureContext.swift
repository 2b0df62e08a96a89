/// Domain separation for signatures: a signature made for one purpose never verifies for another.
/// The major version is part of each string, so a signature never crosses majors either.
public enum SignatureContext: String, Sendable, CaseIterable {
    case serverHello = "chibo/1 server-hello"
    case request = "chibo/1 request"
    case response = "chibo/1 response"
    case keyRotation = "chibo/1 key-rotation"
    /// A bundle's manifest, signed by the lower daemon that made it (PROTOCOL.md §7.9).
    case bundle = "chibo/1 bundle"

    /// The exact bytes signed: the context's UTF-8, one zero byte, then the body as sent.
    public func signedBytes(body: [UInt8]) -> [UInt8] {
        var bytes = Array(rawValue.utf8)
        bytes.reserveCapacity(bytes.count + 1 + body.count)
        bytes.append(0)
        bytes.append(contentsOf: body)
        return bytes
    }
}

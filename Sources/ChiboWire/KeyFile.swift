import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text formats of key files, one line each so they survive copy and paste:
///   secret: `chibo-ed25519-secret <base64 32-byte seed>`
///   public: `chibo-ed25519 <base64 32-byte public key> [name]`
public enum KeyFile {
    static let secretTag = "chibo-ed25519-secret"
    static let publicTag = "chibo-ed25519"

    public static func secretText(_ key: SigningKey) -> String {
        "\(secretTag) \(Data(key.seed).base64EncodedString())\n"
    }

    public static func publicText(_ key: PublicKey, name: String = "") -> String {
        name.isEmpty ? "\(publicTag) \(key.base64)\n" : "\(publicTag) \(key.base64) \(name)\n"
    }

    public static func parseSecret(_ text: String) throws -> SigningKey {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, parts[0] == secretTag, let seed = Data(base64Encoded: String(parts[1])),
            let key = SigningKey(seed: Array(seed))
        else { throw WireError(.invalidArgument, "not a chibo secret key file") }
        return key
    }

    /// Accepts a public key line, a bare base64 key, or a secret key line (whose public half is taken).
    public static func parsePublic(_ text: String) throws -> (key: PublicKey, name: String) {
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if parts.first == secretTag { return (try parseSecret(text).publicKey, "") }
        let encoded = parts.first == publicTag ? parts.dropFirst().first : parts.first
        guard let encoded, let bytes = Data(base64Encoded: encoded), let key = PublicKey(bytes: bytes) else {
            throw WireError(.invalidArgument, "not a chibo public key")
        }
        let name = parts.first == publicTag ? parts.dropFirst(2).joined(separator: " ") : ""
        return (key, name)
    }

    public static func readSecret(at path: String) throws -> SigningKey {
        try parseSecret(try read(path))
    }

    public static func readPublic(at path: String) throws -> (key: PublicKey, name: String) {
        try parsePublic(try read(path))
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw WireError(.invalidArgument, "cannot read key file \(path)") }
        return text
    }

    /// Writes a file created with `mode` from the start (no window with wider permissions), via a temporary
    /// file renamed into place, so a crash leaves the old file or the new one, never half of one.
    public static func writePrivately(_ text: String, to path: String, mode: mode_t = 0o600, overwrite: Bool = false)
        throws
    {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw WireError(.conflict, "\(path) already exists; not overwriting it")
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw WireError(.internal, "cannot create \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw WireError(.internal, "cannot write \(path)")
        }
    }
}

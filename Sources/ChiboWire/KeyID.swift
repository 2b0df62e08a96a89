import Foundation

/// A key's identity: the first 16 bytes of SHA-256 over its Ed25519 public key, shown as hex.
public struct KeyID: Hashable, Sendable, CustomStringConvertible, Comparable {
    public static let byteCount = 16
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    public init?<D: DataProtocol>(data: D) {
        self.init(bytes: Array(data))
    }

    public init(publicKey: PublicKey) {
        self.bytes = Array(Sodium.sha256(publicKey.bytes).prefix(Self.byteCount))
    }

    /// Parses the 32-character hex form printed by `chibo key show`.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes: bytes)
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
    public var data: Data { Data(bytes) }

    public static func < (lhs: KeyID, rhs: KeyID) -> Bool { lhs.hex < rhs.hex }
}

/// Lowercase hex, as key ids, hashes and request ids are shown.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Every request names its signer by id: this runs on each one, so it builds the bytes directly rather than
    /// formatting each byte (which costs more than a signature check on Linux).
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.lowercased().utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

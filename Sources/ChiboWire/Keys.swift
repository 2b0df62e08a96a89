import Foundation

/// An Ed25519 public key.
public struct PublicKey: Hashable, Sendable {
    public let bytes: [UInt8]

    public init?<D: DataProtocol>(bytes: D) {
        guard bytes.count == Sodium.publicKeyBytes else { return nil }
        self.bytes = Array(bytes)
    }

    public var id: KeyID { KeyID(publicKey: self) }
    public var base64: String { Data(bytes).base64EncodedString() }

    public func isValidSignature(_ signature: [UInt8], over message: [UInt8]) -> Bool {
        Sodium.verify(signature, message: message, publicKey: bytes)
    }
}

/// An Ed25519 key pair. The secret half never leaves the process except into a 0600 key file;
/// `description` shows only the key id so a stray log line cannot leak it.
public struct SigningKey: Sendable, CustomStringConvertible {
    public let publicKey: PublicKey
    let seed: [UInt8]
    private let secretKey: [UInt8]

    public init?(seed: [UInt8]) {
        guard seed.count == Sodium.seedBytes else { return nil }
        let pair = Sodium.keyPair(seed: seed)
        self.seed = seed
        self.secretKey = pair.secretKey
        self.publicKey = PublicKey(bytes: pair.publicKey)!
    }

    public static func generate() -> SigningKey {
        var seed = Sodium.randomBytes(Sodium.seedBytes)
        defer { Sodium.wipe(&seed) }
        return SigningKey(seed: seed)!
    }

    public var id: KeyID { publicKey.id }

    public func signature(over message: [UInt8]) -> [UInt8] {
        Sodium.sign(message, secretKey: secretKey)
    }

    public var description: String { "SigningKey(\(id))" }
}

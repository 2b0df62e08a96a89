/// The confidential transport's state for one connection (PROTOCOL.md §4.1): one key per direction from
/// libsodium's `crypto_kx`, and a frame counter per direction that is also the AEAD nonce. A frame sealed
/// under counter n opens only as the n-th frame, so a dropped, replayed, reordered or altered frame fails.
public struct SealedTransport: Sendable {
    /// The feature name a client asks for in its hello and the daemon grants in its own.
    public static let feature = "x25519-chacha20poly1305"

    private let receiveKey: [UInt8]
    private let transmitKey: [UInt8]
    private var received: UInt64 = 0
    private var sent: UInt64 = 0

    init(receiveKey: [UInt8], transmitKey: [UInt8]) {
        self.receiveKey = receiveKey
        self.transmitKey = transmitKey
    }

    /// The nonce of the n-th frame of a direction: 4 zero bytes, then n as a big-endian UInt64.
    /// Keys are fresh for every connection, so a counter never meets the same key twice.
    public static func nonceBytes(_ counter: UInt64) -> [UInt8] {
        [0, 0, 0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * $0)) }
    }

    public mutating func seal(_ payload: [UInt8]) -> [UInt8] {
        defer { sent += 1 }
        return Sodium.aeadSeal(payload, nonce: Self.nonceBytes(sent), key: transmitKey)
    }

    public mutating func open(_ sealed: [UInt8]) throws -> [UInt8] {
        guard let payload = Sodium.aeadOpen(sealed, nonce: Self.nonceBytes(received), key: receiveKey) else {
            throw WireError(.protocolError, "sealed frame \(received) does not open: altered, replayed or out of order")
        }
        received += 1
        return payload
    }
}

/// One side's fresh X25519 key pair for a connection's key exchange. The secret half is wiped once the
/// session keys are derived.
public struct KeyExchange: Sendable {
    public let publicKey: [UInt8]
    private var secretKey: [UInt8]

    public init() {
        (publicKey, secretKey) = Sodium.kxKeyPair()
    }

    /// Derives the transport's keys; nil when the peer's public key is not a usable X25519 key.
    public mutating func transport(asClient: Bool, peerPublicKey: some Collection<UInt8>) -> SealedTransport? {
        defer { Sodium.wipe(&secretKey) }
        guard
            let keys = Sodium.kxSessionKeys(
                asClient: asClient, publicKey: publicKey, secretKey: secretKey, peerPublicKey: Array(peerPublicKey))
        else { return nil }
        return SealedTransport(receiveKey: keys.rx, transmitKey: keys.tx)
    }
}

import CSodium

/// The key exchange and authenticated encryption behind the confidential transport (PROTOCOL.md §4.1).
extension Sodium {
    public static let kxPublicKeyBytes = Int(crypto_kx_PUBLICKEYBYTES)
    static let kxSessionKeyBytes = Int(crypto_kx_SESSIONKEYBYTES)
    static let aeadKeyBytes = Int(crypto_aead_chacha20poly1305_ietf_KEYBYTES)
    static let aeadNonceBytes = Int(crypto_aead_chacha20poly1305_ietf_NPUBBYTES)
    public static let aeadTagBytes = Int(crypto_aead_chacha20poly1305_ietf_ABYTES)

    /// A fresh X25519 key pair for one connection.
    static func kxKeyPair() -> (publicKey: [UInt8], secretKey: [UInt8]) {
        ensureInitialised()
        var pk = [UInt8](repeating: 0, count: kxPublicKeyBytes)
        var sk = [UInt8](repeating: 0, count: Int(crypto_kx_SECRETKEYBYTES))
        _ = crypto_kx_keypair(&pk, &sk)
        return (pk, sk)
    }

    /// (receive, transmit) keys; nil when the peer's key is unacceptable (libsodium refuses low-order points).
    static func kxSessionKeys(
        asClient: Bool, publicKey: [UInt8], secretKey: [UInt8], peerPublicKey: [UInt8]
    ) -> (rx: [UInt8], tx: [UInt8])? {
        ensureInitialised()
        guard peerPublicKey.count == kxPublicKeyBytes else { return nil }
        var rx = [UInt8](repeating: 0, count: kxSessionKeyBytes)
        var tx = [UInt8](repeating: 0, count: kxSessionKeyBytes)
        let status =
            asClient
            ? crypto_kx_client_session_keys(&rx, &tx, publicKey, secretKey, peerPublicKey)
            : crypto_kx_server_session_keys(&rx, &tx, publicKey, secretKey, peerPublicKey)
        guard status == 0 else { return nil }
        return (rx, tx)
    }

    /// ChaCha20-Poly1305 (IETF, RFC 8439): the ciphertext followed by the 16-byte tag.
    static func aeadSeal(_ message: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: message.count + aeadTagBytes)
        var length: UInt64 = 0
        _ = crypto_aead_chacha20poly1305_ietf_encrypt(
            &out, &length, message, UInt64(message.count), nil, 0, nil, nonce, key)
        return out
    }

    /// The plaintext, or nil when the tag does not verify (altered, replayed, reordered or foreign bytes).
    static func aeadOpen(_ sealed: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8]? {
        ensureInitialised()
        guard sealed.count >= aeadTagBytes else { return nil }
        var out = [UInt8](repeating: 0, count: sealed.count - aeadTagBytes)
        var length: UInt64 = 0
        let status = crypto_aead_chacha20poly1305_ietf_decrypt(
            &out, &length, nil, sealed, UInt64(sealed.count), nil, 0, nonce, key)
        return status == 0 ? out : nil
    }
}

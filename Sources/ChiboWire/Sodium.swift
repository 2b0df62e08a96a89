import CSodium
import Foundation

/// The few libsodium primitives chibo needs. `sodium_init` is idempotent and thread-safe,
/// so every entry point calls `ensureInitialised` instead of relying on start-up order.
public enum Sodium {
    public static let publicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    public static let secretKeyBytes = Int(crypto_sign_SECRETKEYBYTES)
    public static let seedBytes = Int(crypto_sign_SEEDBYTES)
    public static let signatureBytes = Int(crypto_sign_BYTES)

    static let ready: Bool = sodium_init() >= 0

    static func ensureInitialised() {
        precondition(ready, "libsodium failed to initialise")
    }

    public static func randomBytes(_ count: Int) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return out
    }

    public static func sha256<D: ContiguousBytes>(_ data: D) -> [UInt8] {
        ensureInitialised()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        data.withUnsafeBytes { input in
            _ = crypto_hash_sha256(&out, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count))
        }
        return out
    }

    /// (publicKey, secretKey) from a 32-byte seed.
    static func keyPair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        ensureInitialised()
        precondition(seed.count == seedBytes)
        var pk = [UInt8](repeating: 0, count: publicKeyBytes)
        var sk = [UInt8](repeating: 0, count: secretKeyBytes)
        _ = crypto_sign_seed_keypair(&pk, &sk, seed)
        return (pk, sk)
    }

    static func sign(_ message: [UInt8], secretKey: [UInt8]) -> [UInt8] {
        ensureInitialised()
        var sig = [UInt8](repeating: 0, count: signatureBytes)
        _ = crypto_sign_detached(&sig, nil, message, UInt64(message.count), secretKey)
        return sig
    }

    static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        ensureInitialised()
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }

    /// Wipes secret material before its memory is released.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { sodium_memzero(base, $0.count) } }
    }
}

extension Sodium {
    /// SHA-256 over data that arrives in pieces (a backup streamed in chunks), without holding it all.
    public struct SHA256Stream: ~Copyable {
        private var state = crypto_hash_sha256_state()

        public init() {
            Sodium.ensureInitialised()
            _ = crypto_hash_sha256_init(&state)
        }

        public mutating func update<D: ContiguousBytes>(_ data: D) {
            data.withUnsafeBytes { input in
                _ = crypto_hash_sha256_update(&state, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count))
            }
        }

        public consuming func finish() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
            _ = crypto_hash_sha256_final(&state, &out)
            return out
        }
    }
}

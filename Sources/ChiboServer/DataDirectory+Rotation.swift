import ChiboStore
import ChiboWire
import Foundation

extension DataDirectory {
    /// Replaces the daemon key with a new one. The rotation, signed by the old key, is recorded first and the
    /// key file replaced atomically after, so a crash in between leaves the old key in place and a statement
    /// that leads nowhere (which the daemon leaves out of its hello). Refused while a daemon runs here.
    public func rotateDaemonKey() throws -> (old: KeyID, new: KeyID) {
        let lock = try ProcessLock(path: self.lock)
        let old = try loadDaemonKey()
        let new = SigningKey.generate()
        let store = try openStore()
        let time = Int64(Date().timeIntervalSince1970 * 1000)
        let rotation = KeyRotation.make(previous: old, next: new.publicKey, at: time)
        try store.recordDaemonKeyRotation(
            try rotation.serializedData(), previousKeyID: old.id.hex, nextKeyID: new.id.hex, at: time)
        try store.close()
        try KeyFile.writePrivately(KeyFile.secretText(new), to: daemonSecretKey, overwrite: true)
        try KeyFile.writePrivately(
            KeyFile.publicText(new.publicKey, name: "chibod"), to: daemonPublicKey, mode: 0o644, overwrite: true)
        withExtendedLifetime(lock) {}
        return (old.id, new.id)
    }

    /// The recorded rotations that lead to `key`, oldest first, ready for the server hello.
    func rotationChain(endingAt key: PublicKey, store: Store) throws -> [Chibo_V1_KeyRotation] {
        let recorded = try store.daemonKeyRotations().compactMap { try? Chibo_V1_KeyRotation(serializedBytes: $0) }
        return KeyRotation.chain(endingAt: key, from: recorded)
    }
}

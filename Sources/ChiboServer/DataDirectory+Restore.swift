import ChiboStore
import ChiboWire
import Foundation

extension DataDirectory {
    /// Builds a data directory from a backup file and the daemon's secret key, in a sibling temporary
    /// directory renamed into place: the journal must verify, and the key must be the one the backup's daemon
    /// had last (the end of its recorded rotations, if any).
    public static func restore(from backup: String, at path: String, daemonKey: SigningKey) async throws
        -> (directory: DataDirectory, report: Chibo_V1_AuditReport)
    {
        let target = DataDirectory(path: path)
        if FileManager.default.fileExists(atPath: target.path) {
            throw ServerError(.dataDirectoryExists, "\(target.path) already exists; chibod restore never overwrites")
        }
        guard FileManager.default.fileExists(atPath: backup) else {
            throw ServerError(.dataDirectoryMissing, "no backup file at \(backup)")
        }
        let staging = DataDirectory(path: target.path + ".restore-\(getpid())")
        guard mkdir(staging.path, 0o700) == 0 else {
            throw ServerError(.dataDirectoryUnsafe, "cannot create \(staging.path): \(String(cString: strerror(errno)))")
        }
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: staging.database)
            chmod(staging.database, 0o600)
            let store = try staging.openStore()
            let report = try await JournalAudit.verify(store)
            guard report.ok else { throw ServerError(.corruptBackup, "the backup's journal does not verify: \(report.problem)") }
            let last = try store.daemonKeyRotations().compactMap { try? Chibo_V1_KeyRotation(serializedBytes: $0) }.last
            if let last, let statement = try? Chibo_V1_RotationStatement(serializedBytes: last.statement),
                statement.nextPublicKey != Data(daemonKey.publicKey.bytes)
            {
                throw ServerError(.keyFile, "\(daemonKey.id) is not the key the backup's daemon rotated to last")
            }
            try store.close()
            try KeyFile.writePrivately(KeyFile.secretText(daemonKey), to: staging.daemonSecretKey)
            try KeyFile.writePrivately(
                KeyFile.publicText(daemonKey.publicKey, name: "chibod"), to: staging.daemonPublicKey, mode: 0o644)
            guard rename(staging.path, target.path) == 0 else {
                throw ServerError(.dataDirectoryUnsafe, "cannot move the restored data directory into \(target.path)")
            }
            return (target, report)
        } catch {
            try? FileManager.default.removeItem(atPath: staging.path)
            throw error
        }
    }
}

import Foundation
import GRDB

extension Store {
    /// Every recorded daemon key rotation (serialized, signed statements), oldest first.
    public func daemonKeyRotations() throws -> [Data] {
        try pool.read { try Data.fetchAll($0, sql: "SELECT rotation FROM daemonKeyRotation ORDER BY seq") }
    }

    /// Records a rotation. Synchronous: `chibod rotate-key` runs with the daemon stopped, before any event loop.
    public func recordDaemonKeyRotation(_ rotation: Data, previousKeyID: String, nextKeyID: String, at time: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO daemonKeyRotation (previousKeyID, nextKeyID, rotation, at) VALUES (?, ?, ?, ?)",
                arguments: [previousKeyID, nextKeyID, rotation, time])
        }
    }
}

import Foundation
import GRDB

extension Store {
    /// How many records are staged for an import so far.
    public func stagedRecordCount(importID: Data) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(recordCount), 0) FROM importStaging WHERE importID = ?",
                             arguments: [importID]) ?? 0
        }
    }

    /// Stages one chunk of an import and returns how many records are staged with it. Chunks must arrive in
    /// order from 0 and from the key that began the import.
    public func stageImportChunk(
        importID: Data, chunkIndex: Int, keyID: String, envelope: Data, recordCount: Int, at time: Int64,
        idempotency: Idempotency<Int>? = nil
    ) async throws -> Int {
        try await pool.write { db in try Self.idempotent(idempotency, in: db) {
            let staged = try Row.fetchAll(db, sql: "SELECT keyID, recordCount FROM importStaging WHERE importID = ? ORDER BY chunkIndex",
                                          arguments: [importID])
            guard staged.count == chunkIndex else {
                throw StoreError(.conflict, "chunk \(chunkIndex) of this import arrived out of order; \(staged.count) chunks are staged")
            }
            if let owner = staged.first?["keyID"] as String?, owner != keyID {
                throw StoreError(.conflict, "this import was begun by another key")
            }
            try db.execute(sql: """
                INSERT INTO importStaging (importID, chunkIndex, keyID, envelope, recordCount, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [importID, chunkIndex, keyID, envelope, recordCount, time])
            return staged.reduce(recordCount) { $0 + ($1["recordCount"] as Int) }
        } }
    }

    /// The staged chunks' envelopes in order, checking that `chunkIndex` is the next one.
    public func stagedImport(importID: Data, nextChunk chunkIndex: Int, keyID: String) async throws -> [Data] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT envelope, keyID FROM importStaging WHERE importID = ? ORDER BY chunkIndex",
                                        arguments: [importID])
            guard rows.count == chunkIndex else {
                throw StoreError(.conflict, "chunk \(chunkIndex) of this import arrived out of order; \(rows.count) chunks are staged")
            }
            guard rows.allSatisfy({ $0["keyID"] == keyID }) else { throw StoreError(.conflict, "this import was begun by another key") }
            return rows.map { $0["envelope"] }
        }
    }

    /// Removes staged chunks inside the caller's transaction (the import's apply).
    public static func dropStagedImport(_ importID: Data, in db: Database) throws {
        try db.execute(sql: "DELETE FROM importStaging WHERE importID = ?", arguments: [importID])
    }

    /// Forgets imports abandoned before `cutoff` (Unix ms); the daemon calls it at start-up.
    public func dropAbandonedImports(before cutoff: Int64) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM importStaging WHERE createdAt < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// Runs `body` in a transaction that is always rolled back: a dry run sees every check a real write would.
    public func check<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .rollback
            }
            return result!
        }
    }

    /// The journal entries of one write, appended inside the caller's transaction.
    public func appendJournal(_ entries: [JournalInput], in db: Database) throws {
        for entry in entries { try appendJournal(entry, in: db) }
    }

    public func meetingUnit(_ meetingID: String) async throws -> String? {
        try await pool.read { try String.fetchOne($0, sql: "SELECT unitID FROM meeting WHERE id = ?", arguments: [meetingID]) }
    }

    /// Whether `unitID` is `scope` or lies under it.
    public func unit(_ unitID: String, isWithin scope: String) async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                WITH RECURSIVE up(id, parentID) AS (
                    SELECT id, parentID FROM unit WHERE id = ?
                    UNION ALL SELECT unit.id, unit.parentID FROM unit JOIN up ON unit.id = up.parentID)
                SELECT EXISTS(SELECT 1 FROM up WHERE id = ?)
                """, arguments: [unitID, scope]) ?? false
        }
    }
}

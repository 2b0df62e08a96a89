import ChiboModel
import Foundation
import GRDB

extension Store {
    /// How many records are staged for an import so far.
    public func stagedRecordCount(importID: Data) async throws -> Int { try await staged(importID: importID).records }

    /// How many chunks, and records in them, are staged for an import so far.
    public func staged(importID: Data) async throws -> (chunks: Int, records: Int) {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), COALESCE(SUM(recordCount), 0) FROM importStaging WHERE importID = ?",
                arguments: [importID])!
            return (row[0], row[1])
        }
    }

    /// What one key may stage at once.
    public struct ImportLimits: Sendable {
        public var maxChunks: Int
        public var maxStagedBytesPerKey: Int
        public var maxOpenImportsPerKey: Int

        public init(maxChunks: Int, maxStagedBytesPerKey: Int, maxOpenImportsPerKey: Int) {
            self.maxChunks = maxChunks
            self.maxStagedBytesPerKey = maxStagedBytesPerKey
            self.maxOpenImportsPerKey = maxOpenImportsPerKey
        }
    }

    /// Stages one chunk of an import and returns how many records are staged with it. Chunks must arrive in
    /// order from 0 and from the key that began the import, within `limits`.
    public func stageImportChunk(
        importID: Data, chunkIndex: Int, keyID: String, envelope: Data, recordCount: Int, at time: Int64,
        limits: ImportLimits, idempotency: Idempotency<Int>? = nil
    ) async throws -> Int {
        try await groupCommit.write { db in
            try Self.idempotent(idempotency, in: db) {
                guard chunkIndex < limits.maxChunks else {
                    throw StoreError(.limitExceeded, "an import may stage at most \(limits.maxChunks) chunks before its last")
                }
                let held = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COALESCE(SUM(length(envelope)), 0) AS bytes,
                               COUNT(DISTINCT CASE WHEN importID != ? THEN importID END) AS others
                        FROM importStaging WHERE keyID = ?
                        """, arguments: [importID, keyID])!
                if chunkIndex == 0, (held["others"] as Int) >= limits.maxOpenImportsPerKey {
                    throw StoreError(
                        .limitExceeded,
                        "this key already has \(limits.maxOpenImportsPerKey) unfinished imports; finish one or wait a day for it to be dropped"
                    )
                }
                guard (held["bytes"] as Int) + envelope.count <= limits.maxStagedBytesPerKey else {
                    throw StoreError(
                        .limitExceeded, "this key's unfinished imports would hold more than \(limits.maxStagedBytesPerKey) bytes")
                }
                let staged = try Row.fetchAll(
                    db, sql: "SELECT keyID, recordCount FROM importStaging WHERE importID = ? ORDER BY chunkIndex",
                    arguments: [importID])
                guard staged.count == chunkIndex else {
                    throw StoreError(
                        .conflict, "chunk \(chunkIndex) of this import arrived out of order; \(staged.count) chunks are staged")
                }
                if let owner = staged.first?["keyID"] as String?, owner != keyID {
                    throw StoreError(.conflict, "this import was begun by another key")
                }
                try db.execute(
                    sql: """
                        INSERT INTO importStaging (importID, chunkIndex, keyID, envelope, recordCount, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [importID, chunkIndex, keyID, envelope, recordCount, time])
                return staged.reduce(recordCount) { $0 + ($1["recordCount"] as Int) }
            }
        }
    }

    /// Hands each staged chunk's envelope to `body` in order, inside the caller's transaction, one at a time,
    /// after checking that `chunkIndex` is the next chunk and that `keyID` began the import.
    static func forEachStagedChunk(
        _ importID: Data, nextChunk chunkIndex: Int, keyID: String, in db: Database, _ body: (Int, Data) throws -> Void
    ) throws {
        let owners = try String.fetchAll(
            db, sql: "SELECT keyID FROM importStaging WHERE importID = ? ORDER BY chunkIndex",
            arguments: [importID])
        guard owners.count == chunkIndex else {
            throw StoreError(.conflict, "chunk \(chunkIndex) of this import arrived out of order; \(owners.count) chunks are staged")
        }
        guard owners.allSatisfy({ $0 == keyID }) else { throw StoreError(.conflict, "this import was begun by another key") }
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT chunkIndex, envelope FROM importStaging WHERE importID = ? ORDER BY chunkIndex",
            arguments: [importID])
        while let row = try cursor.next() { try body(row["chunkIndex"], row["envelope"]) }
    }

    /// Removes staged chunks inside the caller's transaction (the import's apply).
    static func dropStagedImport(_ importID: Data, in db: Database) throws {
        try db.execute(sql: "DELETE FROM importStaging WHERE importID = ?", arguments: [importID])
    }

    /// Forgets imports abandoned before `cutoff` (Unix ms); the daemon calls it at start-up.
    public func dropAbandonedImports(before cutoff: Int64) async throws -> Int {
        try await groupCommit.write { db in
            try db.execute(sql: "DELETE FROM importStaging WHERE createdAt < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// Runs `body` in a transaction that is always rolled back: a dry run sees every check a real write would.
    func check<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
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
    func appendJournal(_ entries: [JournalInput], in db: Database) throws {
        for entry in entries { try appendJournal(entry, in: db) }
    }

    /// Whether `unitID` is `scope` or lies under it.
    public func unit(_ unitID: String, isWithin scope: String) async throws -> Bool {
        try await pool.read { try DomainWriter.unit($0, unitID, isWithin: scope) }
    }
}

import ChiboModel
import Foundation
import GRDB

extension Store {
    /// Runs `body` in one write transaction with the journal entry of the request that asked for it, and the
    /// answer under its idempotency key: either all of it is written, or none is. A key answered before
    /// throws `IdempotentReplay` with that answer and writes nothing. A write `alone` does not share its commit
    /// (`GroupCommit`).
    func write<T: Sendable>(
        journal: JournalInput?, idempotency: Idempotency<T>? = nil, alone: Bool = false,
        _ body: @Sendable @escaping (Database) throws -> T
    ) async throws -> T {
        try await groupCommit.write(alone: alone) { db in
            try Self.idempotent(idempotency, in: db) {
                let result = try body(db)
                if let journal { try self.appendJournal(journal, in: db) }
                return result
            }
        }
    }

    /// Counts rows of the domain tables, for imports to report and tests to check.
    public func counts() async throws -> [String: Int] {
        try await pool.read { db in
            var result: [String: Int] = [:]
            for table in StoredKinds.all.flatMap({ $0.tables }) {
                result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return result
        }
    }

    /// One page of records of a kind and the number matching in all.
    public func list(_ filter: RecordFilter) async throws -> (records: [any DomainRecord], total: Int) {
        try await pool.read { try RecordListing.list(filter, in: $0) }
    }
}

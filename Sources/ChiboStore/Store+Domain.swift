import ChiboModel
import Foundation
import GRDB

extension Store {
    /// Runs `body` in one write transaction with the journal entry of the request that asked for it, and the
    /// answer under its idempotency key: either all of it is written, or none is. A key answered before
    /// throws `IdempotentReplay` with that answer and writes nothing.
    public func write<T: Sendable>(
        journal: JournalInput?, idempotency: Idempotency<T>? = nil, _ body: @Sendable @escaping (Database) throws -> T
    ) async throws -> T {
        try await pool.write { db in
            try Self.idempotent(idempotency, in: db) {
                let result = try body(db)
                if let journal { try self.appendJournal(journal, in: db) }
                return result
            }
        }
    }

    /// Counts rows of the domain tables, for imports to report and tests to check.
    public func counts() async throws -> [String: Int] {
        let tables = ["level", "unit", "member", "membership", "memberStatus", "official", "position", "assignment",
                      "assignmentUnit", "meeting", "attendance", "visit", "recommendation", "recommendationStep",
                      "monthlyReport", "rating"]
        return try await pool.read { db in
            var result: [String: Int] = [:]
            for table in tables { result[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            return result
        }
    }
}

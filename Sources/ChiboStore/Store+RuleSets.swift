import ChiboModel
import Foundation
import GRDB

/// A rule set as stored: its source text and the units whose subtrees it governs.
public struct StoredRuleSet: Sendable, Equatable {
    public let id: String
    public let title: String
    public let source: String
    public let unitIDs: [String]
    public let loadedAt: Int64

    /// The text parsed again; it parsed when loaded, so a failure means the database changed under it.
    public func parsed(with parser: RuleSetParser) throws -> RuleSet {
        try ReportReader.parseStored(id, source, with: parser)
    }
}

extension Store {
    /// Stores (or replaces) a rule set that has already been parsed, and points `unitIDs` at it. Units that
    /// named another rule set now name this one; the rule set's other units keep it.
    static func putRuleSet(_ set: RuleSet, source: String, unitIDs: [String], keyID: String, at: Int64, in db: Database) throws {
        for unit in unitIDs where try !Bool(exists: db, "SELECT 1 FROM unit WHERE id = ?", [unit]) {
            throw StoreError(.notFound, "unit \(unit) does not exist")
        }
        try db.execute(
            sql: """
                INSERT INTO ruleSet (id, title, source, loadedAt, loadedBy) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, source = excluded.source,
                    loadedAt = excluded.loadedAt, loadedBy = excluded.loadedBy
                """,
            arguments: [set.id, set.title, source, at, keyID])
        let table = set.holdsTargetsOnly ? "targetSetUnit" : "ruleSetUnit"
        // A new text of the same id may turn a quota rule set into a target set or back: its units follow it.
        let other = set.holdsTargetsOnly ? "ruleSetUnit" : "targetSetUnit"
        let moved = try String.fetchAll(db, sql: "SELECT unitID FROM \(other) WHERE ruleSetID = ?", arguments: [set.id])
        try db.execute(sql: "DELETE FROM \(other) WHERE ruleSetID = ?", arguments: [set.id])
        for unit in moved {
            try db.execute(sql: "INSERT OR REPLACE INTO \(table) (unitID, ruleSetID) VALUES (?, ?)", arguments: [unit, set.id])
        }
        for unit in unitIDs {
            try db.execute(sql: "INSERT OR REPLACE INTO \(table) (unitID, ruleSetID) VALUES (?, ?)", arguments: [unit, set.id])
        }
    }

    /// Units and the rule sets pointing at them: quota rule sets and target sets alike.
    static let unitsOfSets = "SELECT unitID, ruleSetID FROM ruleSetUnit UNION ALL SELECT unitID, ruleSetID FROM targetSetUnit"

    /// The units a rule set governs, in the caller's transaction.
    static func ruleSetUnits(_ id: String, in db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT unitID FROM (\(unitsOfSets)) WHERE ruleSetID = ? ORDER BY unitID", arguments: [id])
    }

    /// Stores a parsed rule set with the journal entry of its request; `result` builds the answer from the units
    /// it now governs, inside the transaction, so the answer stored for a retry is the one sent.
    public func putRuleSet<T: Sendable>(
        _ set: RuleSet, source: String, unitIDs: [String], keyID: String, at time: Int64, journal: JournalInput,
        idempotency: Idempotency<T>?, result: @escaping @Sendable ([String]) -> T
    ) async throws -> T {
        try await write(journal: journal, idempotency: idempotency) { db in
            try Self.putRuleSet(set, source: source, unitIDs: unitIDs, keyID: keyID, at: time, in: db)
            return result(try Self.ruleSetUnits(set.id, in: db))
        }
    }

    /// A rule-set parser that knows the levels in this database.
    public func ruleSetParser() async throws -> RuleSetParser {
        try await pool.read { try ReportReader.ruleSetParser($0) }
    }

    public func ruleSets() async throws -> [StoredRuleSet] {
        try await pool.read { db in
            let units = Dictionary(
                grouping: try Row.fetchAll(db, sql: "SELECT unitID, ruleSetID FROM (\(Self.unitsOfSets)) ORDER BY unitID"),
                by: { $0["ruleSetID"] as String })
            return try Row.fetchAll(db, sql: "SELECT * FROM ruleSet ORDER BY id").map { row in
                StoredRuleSet(
                    id: row["id"], title: row["title"], source: row["source"],
                    unitIDs: (units[row["id"]] ?? []).map { $0["unitID"] }, loadedAt: row["loadedAt"])
            }
        }
    }
}

extension Bool {
    /// Whether `sql` finds a row.
    init(exists db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        self = try Int.fetchOne(db, sql: sql, arguments: arguments) != nil
    }
}

import ChiboModel
import GRDB

/// Qualifications keep their fields under their field names, as text: the table is the record.
extension Qualification: StoredRecord {
    static let tables = ["qualification"]
    static let filters: Set<ListFilter> = [.unitID, .memberID]
    static let idColumn: String? = "id"

    static var migrations: [(name: String, migrate: @Sendable (Database) throws -> Void)] {
        [
            (
                "2026-12-01 qualifications",
                { db in
                    try db.create(table: "qualification") { t in
                        t.primaryKey("id", .text)
                        t.column("member_id", .text).notNull().references("member").indexed()
                        t.column("as_of", .text).notNull()
                        t.column("post", .text).notNull()
                        t.column("general_education", .text).notNull()
                        t.column("professional_level", .text).notNull()
                        t.column("political_theory", .text).notNull()
                        t.column("party_work_trained_on", .text)
                    }
                }
            )
        ]
    }

    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM qualification", order: "member_id, as_of, id")
        q.inSubtree(filter, "member_id IN (SELECT memberID FROM membership WHERE cellID IN subtree)")
        q.when(filter.memberID, "member_id = :member", "member")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Qualification {
        var values: [String: String] = [:]
        for column in requiredFields + optionalFields { values[column] = row[column] as String? ?? "" }
        return try Qualification(fields: RecordFields(values), today: .farFuture)
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        try DomainWriter.require(db, "member", memberID, "member")
        return try DomainWriter.insertOrCompare(
            db, table: "qualification", key: ("id", id),
            values: fields.mapValues { $0.text }, what: "qualification")
    }

    /// The cell the member belonged to on the day of the statement; a member in no cell then, only an
    /// unscoped key may describe.
    func scope(_ db: Database) throws -> RecordScope {
        let cells = try DomainWriter.memberships(db, memberIDs: [memberID]).filter { $0.days.contains(asOf) }.map(\.cellID)
        return cells.isEmpty ? .unscopedOnly : .units(cells)
    }
}

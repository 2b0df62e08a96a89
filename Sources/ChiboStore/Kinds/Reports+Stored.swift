import ChiboModel
import GRDB

extension MonthlyReport: StoredRecord {
    static let tables = ["monthlyReport"]
    static let filters: Set<ListFilter> = [.unitID, .from, .until]
    static let idColumn: String? = nil
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM monthlyReport", order: "month, unitID")
        q.inSubtree(filter, "unitID IN subtree")
        q.dated(filter, "submittedOn")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> MonthlyReport {
        try MonthlyReport(
            unitID: row["unitID"], month: CalendarMonth(row["month"] as String)!,
            submittedOn: RecordListing.day(row, "submittedOn")!, submittedBy: row["submittedBy"], today: RecordListing.farFuture)
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome { try insert(in: db, lookups: WriteLookups()) }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome {
        try lookups.requireUnit(db, unitID)
        // Insert first, as `insertOrCompare` does, and look at the stored report only when the month is taken;
        // no kept fact watches `monthlyReport` (its trigger keeps the cells' months), so GRDB need not see it.
        try db.cachedStatement(
            sql: """
                INSERT INTO monthlyReport (unitID, month, submittedOn, submittedBy) VALUES (?, ?, ?, ?)
                ON CONFLICT (unitID, month) DO NOTHING
                """
        ).runUnobserved(unitID, month.iso, submittedOn.iso, submittedBy)
        if db.changesCount == 1 { return .inserted }
        let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT submittedOn, submittedBy FROM monthlyReport WHERE unitID = ? AND month = ?"),
            arguments: [unitID, month.iso])
        guard let row, row["submittedOn"] == submittedOn.iso, row["submittedBy"] == submittedBy else {
            throw StoreError(.conflict, "the report of \(unitID) for \(month) is already recorded otherwise")
        }
        return .unchanged
    }

    func scope(_ db: Database) throws -> RecordScope { .units([unitID]) }
}

extension Rating: StoredRecord {
    static let tables = ["rating"]
    static let filters: Set<ListFilter> = [.unitID, .memberID]
    static let idColumn: String? = nil
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM rating", order: "year, unitID, memberID")
        q.inSubtree(filter, "(unitID IN subtree OR memberID IN (SELECT memberID FROM membership WHERE cellID IN subtree))")
        q.when(filter.memberID, "memberID = :member", "member")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Rating {
        let subject: Rating.Subject = (row["unitID"] as String?).map { .unit($0) } ?? .member(row["memberID"])
        return try Rating(
            year: row["year"], subject: subject, grade: RatingGrade(rawValue: row["grade"])!,
            decidedBy: row["decidedBy"], today: RecordListing.farFuture)
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome { try insert(in: db, lookups: WriteLookups()) }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome {
        try lookups.requireUnit(db, decidedBy)
        let (column, id, insert): (String, String, String)
        switch subject {
        case .unit(let unit): try lookups.requireUnit(db, unit); (column, id, insert) = ("unitID", unit, Self.unitInsert)
        case .member(let member):
            try DomainWriter.require(db, "member", member, "member"); (column, id, insert) = ("memberID", member, Self.memberInsert)
        }
        // Insert first; the partial unique index of the subject's column decides whether the year is taken. No
        // kept fact watches `rating`, so GRDB need not see the insert.
        try db.cachedStatement(sql: insert).runUnobserved(year, id, grade.rawValue, decidedBy)
        if db.changesCount == 1 { return .inserted }
        let row = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT grade, decidedBy FROM rating WHERE year = ? AND \(column) = ?"),
            arguments: [year, id])
        guard let row, row["grade"] == grade.rawValue, row["decidedBy"] == decidedBy else {
            throw StoreError(.conflict, "\(id) already has another rating for \(year)")
        }
        return .unchanged
    }

    func scope(_ db: Database) throws -> RecordScope { .units([decidedBy]) }

    private static let unitInsert = insertSQL(forSubject: "unitID")
    private static let memberInsert = insertSQL(forSubject: "memberID")
    private static func insertSQL(forSubject column: String) -> String {
        """
        INSERT INTO rating (year, \(column), grade, decidedBy) VALUES (?, ?, ?, ?)
        ON CONFLICT (year, \(column)) WHERE \(column) IS NOT NULL DO NOTHING
        """
    }
}

import ChiboModel
import GRDB

/// What regularity reads besides each unit's monthly sums (`CellMonthSums`): of a province's 85.000 meetings a
/// year, only those it may list or needs to judge one (`RegularityReport.build(cells:months:listed:...)`), about
/// 7.000, found through a partial index. Each regular meeting keeps whether it is off its cell's fixed day
/// (`offFixedDay`, set when it is written: a unit's fixed day never changes, a unit is compared, not updated).
enum RegularityFacts {
    /// Part of the migration "2026-12-03 regularity facts".
    static func create(_ db: Database) throws {
        try db.alter(table: "meeting") { t in t.add(column: "offFixedDay", .boolean).notNull().defaults(to: false) }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.rowid, m.date, u.regularMeetingDay FROM meeting m JOIN unit u ON u.id = m.unitID
                WHERE m.kind = 'regular' AND u.regularMeetingDay IS NOT NULL
                """)
        let mark = try db.makeStatement(sql: "UPDATE meeting SET offFixedDay = 1 WHERE rowid = ?")
        for row in rows where RegularityReport.isOffFixedDay(CalendarDay(stored: row[1] as String)!, regularDay: row[2]) {
            try mark.execute(arguments: [row[0] as Int64])
        }
        try db.execute(sql: "CREATE INDEX meeting_listed_by_regularity ON meeting (date) WHERE \(listed)")
        try CellMonthSums.drop(db)
        try CellMonthSums.create(db)
    }

    /// The regular meetings regularity may list, as the partial index holds them: a query takes the index only
    /// when its own condition repeats this one.
    static let listed = "kind = 'regular' AND (offFixedDay OR NOT committeeMetFirst)"

    /// Part of the migration "2026-12-04 regularity covering indexes": the listed meetings and the cell committees'
    /// meetings each in an index holding every column regularity reads of them, so that it never looks a meeting up
    /// in the table. Those look-ups touched most of the table's pages, read again by each report (a reader's page
    /// cache is 2 MB): 55 ms of SQLite for a year of the province, 12 ms with these indexes.
    static func coverIndexes(_ db: Database) throws {
        let columns = Set(ReportReader.meetingColumnNames + ["offFixedDay"])
        func others(_ key: [String]) -> String { (key + columns.subtracting(key).sorted()).joined(separator: ", ") }
        try db.execute(sql: "DROP INDEX meeting_listed_by_regularity")
        try db.execute(sql: "CREATE INDEX meeting_listed_by_regularity ON meeting (\(others(["date"]))) WHERE \(listed)")
        try db.execute(
            sql: "CREATE INDEX meeting_committee_by_unit_date ON meeting (\(others(["unitID", "date"]))) WHERE \(committee)")
    }

    /// The cell committees' meetings, as their partial index holds them.
    static let committee = "kind = 'cell_committee'"
}

extension ReportReader {
    /// The latest corrections of the meetings of units in `scope` held in `from...until` that regularity may list or
    /// needs to judge one: the regular meetings off their fixed day or not marked as preceded by their cell
    /// committee's meeting, and the cell committee meetings held before one of those last in its month.
    static func regularityMeetings(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws -> [MeetingFacts] {
        try meetingFacts(db, sql: regularityMeetingsSQL(scope), arguments: arguments(scope, ["from": from.iso, "until": until.iso]))
    }

    /// The query of `regularityMeetings`, over `:from` and `:until`.
    static func regularityMeetingsSQL(_ scope: String?) -> String {
        """
        \(with(scope)) SELECT \(meetingColumns("m")) FROM meeting m
        WHERE \(RegularityFacts.listed) AND m.date BETWEEN :from AND :until
          AND \(inScope("m.unitID", scope)) AND m.\(effective("meeting"))
        UNION ALL
        SELECT DISTINCT \(meetingColumns("c"))
        FROM meeting r JOIN meeting c ON c.unitID = r.unitID AND c.date BETWEEN substr(r.date, 1, 7) || '-01' AND r.date
        WHERE r.kind = 'regular' AND (r.offFixedDay OR NOT r.committeeMetFirst) AND NOT r.committeeMetFirst
          AND r.date BETWEEN :from AND :until AND \(inScope("r.unitID", scope))
          AND c.\(RegularityFacts.committee) AND c.\(effective("meeting"))
        """
    }
}

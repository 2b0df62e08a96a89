import ChiboModel
import Foundation
import GRDB
import Synchronization

/// Writes domain records inside a caller's transaction, enforcing what the model's rules need from the
/// database (the unit exists and is active, the member is in the cell, the official held a position...).
/// Each function returns whether it wrote: a record identical to one already stored is left alone, so
/// importing the same file twice writes nothing the second time; a different record under an existing
/// code is a conflict.
public enum DomainWriter {
    public enum Outcome: Sendable, Equatable {
        case inserted
        case unchanged
    }

    /// Stores `values` under `table` keyed by `key`, or compares with the stored row. `derived` columns are
    /// stored with a new row but not compared: they are worked out from other rows, which may change later.
    static func insertOrCompare(
        _ db: Database, table: String, key: (column: String, value: String), values: [String: (any DatabaseValueConvertible)?],
        derived: [String: any DatabaseValueConvertible] = [:], what: String
    ) throws -> Outcome {
        let compared = values.keys.sorted()
        let columns = compared + derived.keys.sorted()
        let statement = try db.cachedStatement(sql: insertSQL(table, conflicting: key.column, columns))
        let arguments = columns.map { (values[$0] ?? derived[$0])?.databaseValue ?? .null }
        // Most writes are new records: try the insert first, and look at the stored row only when its key is taken.
        // A table the kept facts do not watch is written without GRDB's arguments (a province's 85.000 meetings and
        // 63.000 members); the others must go through GRDB, whose observer tells the facts of the change.
        if WarmFacts.tables.contains(table) {
            try statement.execute(arguments: StatementArguments(arguments))
        } else {
            try statement.runUnobserved(arguments)
        }
        if db.changesCount == 1 { return .inserted }
        let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM \(table) WHERE \(key.column) = ?"), arguments: [key.value])
        for column in compared where row?[column] as DatabaseValue? != (values[column]!?.databaseValue ?? .null) {
            throw StoreError(.conflict, "\(what) \(key.value) already exists with another \(column)")
        }
        return .unchanged
    }

    /// The insert `insertOrCompare` makes for a table and its columns, made once: each table is written with the
    /// same columns every time.
    private static let insertStatements = Mutex<[String: (columns: [String], sql: String)]>([:])

    private static func insertSQL(_ table: String, conflicting key: String, _ columns: [String]) -> String {
        if let known = insertStatements.withLock({ $0[table] }), known.columns == columns { return known.sql }
        let sql = """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT (\(key)) DO NOTHING
            """
        insertStatements.withLock { $0[table] = (columns, sql) }
        return sql
    }

    static func require(_ db: Database, _ table: String, _ id: String, _ what: String) throws {
        guard try db.cachedStatement(sql: "SELECT 1 FROM \(table) WHERE id = ?").returnsRow(id) else {
            throw StoreError(.notFound, "no \(what) \(id)")
        }
    }

    static func unit(_ db: Database, _ id: String) throws -> (
        level: String, holdsMembers: Bool, active: DayRange, regularMeetingDay: Int?
    ) {
        guard
            let row = try Row.fetchOne(
                try db.cachedStatement(
                    sql: """
                        SELECT unit.level, level.holdsMembers, unit.activeFrom, unit.activeUntil, unit.regularMeetingDay
                        FROM unit JOIN level ON level.code = unit.level WHERE unit.id = ?
                        """), arguments: [id])
        else { throw StoreError(.notFound, "no unit \(id)") }
        return (
            row["level"], row["holdsMembers"], try RecordListing.range(row, "activeFrom", "activeUntil"), row["regularMeetingDay"]
        )
    }

    /// The unit's fixed day for regular meetings, once it is known to be active on `day`.
    @discardableResult
    static func requireUnitActive(_ db: Database, _ id: String, on day: CalendarDay) throws -> Int? {
        let unit = try unit(db, id)
        guard unit.active.contains(day) else {
            throw ModelError(.inactiveUnit, "unit \(id) is not active on \(day)")
        }
        return unit.regularMeetingDay
    }

    static func memberships(_ db: Database, memberIDs: [String]) throws -> [Membership] {
        guard !memberIDs.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT memberID, cellID, fromDay, untilDay FROM membership
                    WHERE memberID IN (\(memberIDs.map { _ in "?" }.joined(separator: ",")))
                    """), arguments: StatementArguments(memberIDs))
        return try rows.map { row in
            Membership(memberID: row[0], cellID: row[1], days: try RecordListing.range(row, 2, 3))
        }
    }

    static func positions(_ db: Database, officialID: String) throws -> [Position] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT committeeID, role, fromDay, untilDay FROM position WHERE officialID = ?"),
            arguments: [officialID]
        ).compactMap { row in
            guard let role = PositionRole(rawValue: row["role"]) else { return nil }
            return Position(
                officialID: officialID, committeeID: row["committeeID"], role: role,
                term: try RecordListing.range(row, "fromDay", "untilDay"))
        }
    }

    static func meetingUnit(_ db: Database, _ meetingID: String) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT unitID FROM meeting WHERE id = ?"), arguments: [meetingID])
    }

    /// Whether `unitID` is `scope` or lies under it.
    static func unit(_ db: Database, _ unitID: String, isWithin scope: String) throws -> Bool {
        try Bool.fetchOne(
            try db.cachedStatement(
                sql: """
                    WITH RECURSIVE up(id, parentID) AS (
                        SELECT id, parentID FROM unit WHERE id = ?
                        UNION ALL SELECT unit.id, unit.parentID FROM unit JOIN up ON unit.id = up.parentID)
                    SELECT EXISTS(SELECT 1 FROM up WHERE id = ?)
                    """), arguments: [unitID, scope]) ?? false
    }

    /// Writes a record of any kind through its `StoredRecord` conformance.
    static func insert(_ record: any DomainRecord, in db: Database, lookups: WriteLookups) throws -> Outcome {
        guard let stored = record as? any StoredRecord else {
            throw StoreError(.invalidArgument, "\(record.recordKind) records cannot be stored by this daemon")
        }
        lookups.willWrite(record.recordKind)
        return try stored.insert(in: db, lookups: lookups)
    }
}

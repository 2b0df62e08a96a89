import ChiboModel
import Foundation
import GRDB

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

    static func day(_ d: CalendarDay?) -> String? { d?.iso }

    /// Stores `values` under `table` keyed by `key`, or compares with the stored row.
    static func insertOrCompare(
        _ db: Database, table: String, key: (column: String, value: String), values: [String: (any DatabaseValueConvertible)?],
        what: String
    ) throws -> Outcome {
        let columns = values.keys.sorted()
        if let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM \(table) WHERE \(key.column) = ?"), arguments: [key.value]) {
            for column in columns where row[column] as DatabaseValue != (values[column]!?.databaseValue ?? .null) {
                throw StoreError(.conflict, "\(what) \(key.value) already exists with another \(column)")
            }
            return .unchanged
        }
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        let arguments: [(any DatabaseValueConvertible)?] = columns.map { values[$0] ?? nil }
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
        return .inserted
    }

    static func require(_ db: Database, _ table: String, _ id: String, _ what: String) throws {
        guard try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM \(table) WHERE id = ?)"), arguments: [id]) == true else {
            throw StoreError(.notFound, "no \(what) \(id)")
        }
    }

    static func unit(_ db: Database, _ id: String) throws -> (level: String, holdsMembers: Bool, active: DayRange) {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT unit.level, level.holdsMembers, unit.activeFrom, unit.activeUntil
            FROM unit JOIN level ON level.code = unit.level WHERE unit.id = ?
            """), arguments: [id])
        else { throw StoreError(.notFound, "no unit \(id)") }
        return (row["level"], row["holdsMembers"], try DomainReader.range(row, "activeFrom", "activeUntil"))
    }

    static func requireUnitActive(_ db: Database, _ id: String, on day: CalendarDay) throws {
        guard try unit(db, id).active.contains(day) else {
            throw ModelError(.inactiveUnit, "unit \(id) is not active on \(day)")
        }
    }

    public static func insert(_ level: Level, in db: Database) throws -> Outcome {
        try insertOrCompare(db, table: "level", key: ("code", level.code), values: [
            "code": level.code, "nameVi": level.nameVi, "nameEn": level.nameEn, "holdsMembers": level.holdsMembers,
        ], what: "level")
    }

    public static func insert(_ unit: PartyUnit, in db: Database) throws -> Outcome {
        guard try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM level WHERE code = ?)"), arguments: [unit.level]) == true else {
            throw StoreError(.notFound, "no level \(unit.level)")
        }
        if let parent = unit.parentID { try requireUnitActive(db, parent, on: unit.active.start) }
        return try insertOrCompare(db, table: "unit", key: ("id", unit.id), values: [
            "id": unit.id, "parentID": unit.parentID, "name": unit.name, "nameSearch": VietnameseText.searchKey(unit.name),
            "level": unit.level, "residential": unit.residential, "especiallyDifficult": unit.especiallyDifficult,
            "regularMeetingDay": unit.regularMeetingDay, "activeFrom": unit.active.start.iso, "activeUntil": day(unit.active.end),
        ], what: "unit")
    }

    public static func insert(_ member: Member, in db: Database) throws -> Outcome {
        try insertOrCompare(db, table: "member", key: ("id", member.id), values: [
            "id": member.id, "fullName": member.fullName, "nameSearch": VietnameseText.searchKey(member.fullName),
            "birthYear": member.birthYear,
        ], what: "member")
    }

    public static func insert(_ membership: Membership, in db: Database) throws -> Outcome {
        try require(db, "member", membership.memberID, "member")
        let cell = try unit(db, membership.cellID)
        guard cell.holdsMembers else { throw ModelError(.notACell, "unit \(membership.cellID) is not a cell; members belong to cells") }
        guard cell.active.contains(membership.days.start) else {
            throw ModelError(.inactiveUnit, "cell \(membership.cellID) is not active on \(membership.days.start)")
        }
        let existing = try memberships(db, memberIDs: [membership.memberID])
        if existing.contains(membership) { return .unchanged }
        try Membership.requireNoOverlap(membership, with: existing)
        try db.cachedStatement(sql: "INSERT INTO membership (memberID, cellID, fromDay, untilDay) VALUES (?, ?, ?, ?)").execute(arguments: [membership.memberID, membership.cellID, membership.days.start.iso, day(membership.days.end)])
        return .inserted
    }

    static func memberships(_ db: Database, memberIDs: [String]) throws -> [Membership] {
        guard !memberIDs.isEmpty else { return [] }
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT memberID, cellID, fromDay, untilDay FROM membership
            WHERE memberID IN (\(memberIDs.map { _ in "?" }.joined(separator: ",")))
            """), arguments: StatementArguments(memberIDs))
        return try rows.map { row in
            Membership(memberID: row["memberID"], cellID: row["cellID"],
                       days: try DomainReader.range(row, "fromDay", "untilDay"))
        }
    }

    public static func insert(_ period: MemberStatusPeriod, in db: Database) throws -> Outcome {
        try require(db, "member", period.memberID, "member")
        let rows = try Row.fetchAll(try db.cachedStatement(sql: "SELECT status, reason, fromDay, untilDay FROM memberStatus WHERE memberID = ?"),
                                    arguments: [period.memberID])
        for row in rows {
            let days = try DomainReader.range(row, "fromDay", "untilDay")
            if days == period.days, row["status"] == period.status.rawValue, row["reason"] == period.reason { return .unchanged }
            if days.overlaps(period.days) {
                throw StoreError(.conflict, "member \(period.memberID) already has status \(row["status"] as String) from \(days.start)")
            }
        }
        try db.cachedStatement(sql: "INSERT INTO memberStatus (memberID, status, reason, fromDay, untilDay) VALUES (?, ?, ?, ?, ?)").execute(arguments: [period.memberID, period.status.rawValue, period.reason, period.days.start.iso, day(period.days.end)])
        return .inserted
    }

    public static func insert(_ official: Official, in db: Database) throws -> Outcome {
        if let member = official.memberID { try require(db, "member", member, "member") }
        return try insertOrCompare(db, table: "official", key: ("id", official.id), values: [
            "id": official.id, "fullName": official.fullName, "nameSearch": VietnameseText.searchKey(official.fullName),
            "memberID": official.memberID,
        ], what: "official")
    }

    public static func insert(_ position: Position, in db: Database) throws -> Outcome {
        try require(db, "official", position.officialID, "official")
        _ = try unit(db, position.committeeID)
        let same = try Bool.fetchOne(try db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM position WHERE officialID = ? AND committeeID = ? AND role = ? AND fromDay = ?
                          AND untilDay IS ?)
            """), arguments: [position.officialID, position.committeeID, position.role.rawValue, position.term.start.iso, day(position.term.end)])
        if same == true { return .unchanged }
        try db.cachedStatement(sql: "INSERT INTO position (officialID, committeeID, role, fromDay, untilDay) VALUES (?, ?, ?, ?, ?)").execute(arguments: [position.officialID, position.committeeID, position.role.rawValue, position.term.start.iso, day(position.term.end)])
        return .inserted
    }

    public static func insert(_ assignment: Assignment, in db: Database) throws -> Outcome {
        try require(db, "official", assignment.officialID, "official")
        for unitID in assignment.unitIDs { try requireUnitActive(db, unitID, on: assignment.valid.start) }
        if let corrected = assignment.corrects { try require(db, "assignment", corrected, "assignment") }
        let outcome = try insertOrCompare(db, table: "assignment", key: ("id", assignment.id), values: [
            "id": assignment.id, "decisionNumber": assignment.decisionNumber, "decisionDate": assignment.decisionDate.iso,
            "officialID": assignment.officialID, "validFrom": assignment.valid.start.iso,
            "validUntil": day(assignment.valid.end), "corrects": assignment.corrects,
        ], what: "assignment")
        let stored = try String.fetchAll(try db.cachedStatement(sql: "SELECT unitID FROM assignmentUnit WHERE assignmentID = ? ORDER BY unitID"),
                                         arguments: [assignment.id])
        if outcome == .unchanged {
            guard stored == assignment.unitIDs.sorted() else {
                throw StoreError(.conflict, "assignment \(assignment.id) already exists with other units")
            }
            return .unchanged
        }
        for unitID in assignment.unitIDs {
            try db.cachedStatement(sql: "INSERT INTO assignmentUnit (assignmentID, unitID) VALUES (?, ?)").execute(arguments: [assignment.id, unitID])
        }
        return .inserted
    }
}

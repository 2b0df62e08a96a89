import ChiboModel
import Foundation
import GRDB

extension Official: StoredRecord {
    static let tables = ["official"]
    static let filters: Set<ListFilter> = [.search, .unitID]
    static let idColumn: String? = "id"
    /// By given name in Vietnamese order, through the collation key stored with each name.
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM official", order: "sortKey, id")
        q.search(filter)
        q.inSubtree(
            filter,
            """
            id IN (SELECT officialID FROM assignment JOIN assignmentUnit ON assignmentUnit.assignmentID = assignment.id
                   WHERE assignmentUnit.unitID IN subtree)
            """)
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Official {
        try Official(id: row["id"], fullName: row["fullName"], memberID: row["memberID"])
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        if let memberID { try DomainWriter.require(db, "member", memberID, "member") }
        return try DomainWriter.insertOrCompare(
            db, table: "official", key: ("id", id),
            values: [
                "id": id, "fullName": fullName, "nameSearch": VietnameseText.searchKey(fullName),
                "sortKey": Data(VietnameseCollation.personSortKey(fullName)), "memberID": memberID,
            ], what: "official")
    }

    func scope(_ db: Database) throws -> RecordScope { .anywhere }
}

extension Position: StoredRecord {
    static let tables = ["position"]
    static let filters: Set<ListFilter> = [.unitID, .officialID]
    static let idColumn: String? = nil
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM position", order: "officialID, fromDay")
        q.when(filter.officialID, "officialID = :official", "official")
        q.inSubtree(filter, "committeeID IN subtree")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Position {
        Position(
            officialID: row["officialID"], committeeID: row["committeeID"], role: PositionRole(rawValue: row["role"])!,
            term: try RecordListing.range(row, "fromDay", "untilDay"))
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        try DomainWriter.require(db, "official", officialID, "official")
        _ = try DomainWriter.unit(db, committeeID)
        let same = try Bool.fetchOne(
            try db.cachedStatement(
                sql: """
                    SELECT EXISTS(SELECT 1 FROM position WHERE officialID = ? AND committeeID = ? AND role = ? AND fromDay = ?
                                  AND untilDay IS ?)
                    """), arguments: [officialID, committeeID, role.rawValue, term.start.iso, term.end?.iso])
        if same == true { return .unchanged }
        try db.cachedStatement(sql: "INSERT INTO position (officialID, committeeID, role, fromDay, untilDay) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [officialID, committeeID, role.rawValue, term.start.iso, term.end?.iso])
        return .inserted
    }

    func scope(_ db: Database) throws -> RecordScope { .units([committeeID]) }
}

extension Assignment: StoredRecord {
    static let tables = ["assignment", "assignmentUnit"]
    static let filters: Set<ListFilter> = [.unitID, .officialID]
    static let idColumn: String? = "id"
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM assignment", order: "validFrom, id")
        q.when(filter.officialID, "officialID = :official", "official")
        q.inSubtree(filter, "id IN (SELECT assignmentID FROM assignmentUnit WHERE unitID IN subtree)")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Assignment {
        let units = try String.fetchAll(
            db, sql: "SELECT unitID FROM assignmentUnit WHERE assignmentID = ? ORDER BY unitID",
            arguments: [row["id"] as String])
        return try Assignment(
            id: row["id"], decisionNumber: row["decisionNumber"], decisionDate: RecordListing.day(row, "decisionDate")!,
            officialID: row["officialID"], unitIDs: units, valid: try RecordListing.range(row, "validFrom", "validUntil"),
            corrects: row["corrects"])
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        try DomainWriter.require(db, "official", officialID, "official")
        for unitID in unitIDs { try DomainWriter.requireUnitActive(db, unitID, on: valid.start) }
        if let corrects { try DomainWriter.require(db, "assignment", corrects, "assignment") }
        let outcome = try DomainWriter.insertOrCompare(
            db, table: "assignment", key: ("id", id),
            values: [
                "id": id, "decisionNumber": decisionNumber, "decisionDate": decisionDate.iso, "officialID": officialID,
                "validFrom": valid.start.iso, "validUntil": valid.end?.iso, "corrects": corrects,
            ], what: "assignment")
        let stored = try String.fetchAll(
            try db.cachedStatement(sql: "SELECT unitID FROM assignmentUnit WHERE assignmentID = ? ORDER BY unitID"),
            arguments: [id])
        if outcome == .unchanged {
            guard stored == unitIDs.sorted() else { throw StoreError(.conflict, "assignment \(id) already exists with other units") }
            return .unchanged
        }
        for unitID in unitIDs {
            try db.cachedStatement(sql: "INSERT INTO assignmentUnit (assignmentID, unitID) VALUES (?, ?)").execute(arguments: [id, unitID])
        }
        return .inserted
    }

    func scope(_ db: Database) throws -> RecordScope { .units(unitIDs) }
}

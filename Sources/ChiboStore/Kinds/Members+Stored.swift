import ChiboModel
import Foundation
import GRDB

extension Member: StoredRecord {
    static let tables = ["member"]
    static let filters: Set<ListFilter> = [.search, .unitID]
    static let idColumn: String? = "id"
    /// By given name in Vietnamese order, through the collation key stored with each name.
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM member", order: "sortKey, id")
        q.inSubtree(filter, "id IN (SELECT memberID FROM membership WHERE cellID IN subtree)")
        q.search(filter)
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Member {
        try Member(id: row["id"], fullName: row["fullName"], birthYear: row["birthYear"])
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome { try insert(in: db, lookups: WriteLookups()) }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome {
        let outcome = try DomainWriter.insertOrCompare(
            db, table: "member", key: ("id", id),
            values: [
                "id": id, "fullName": fullName, "nameSearch": VietnameseText.searchKey(fullName),
                "sortKey": Data(VietnameseCollation.personSortKey(fullName)), "birthYear": birthYear,
            ], what: "member")
        if outcome == .inserted { lookups.inserted(member: id) }
        return outcome
    }

    func scope(_ db: Database) throws -> RecordScope { .anywhere }
}

extension Membership: StoredRecord {
    static let tables = ["membership"]
    static let filters: Set<ListFilter> = [.unitID, .memberID]
    static let idColumn: String? = nil
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM membership", order: "memberID, fromDay")
        q.inSubtree(filter, "cellID IN subtree")
        q.when(filter.memberID, "memberID = :member", "member")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Membership {
        Membership(memberID: row["memberID"], cellID: row["cellID"], days: try RecordListing.range(row, "fromDay", "untilDay"))
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome { try insert(in: db, lookups: WriteLookups()) }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome {
        let new = lookups.takeNewMember(memberID)
        if !new { try DomainWriter.require(db, "member", memberID, "member") }
        let cell = try lookups.unit(db, cellID)
        guard cell.holdsMembers else { throw ModelError(.notACell, "unit \(cellID) is not a cell; members belong to cells") }
        guard cell.active.contains(days.start) else {
            throw ModelError(.inactiveUnit, "cell \(cellID) is not active on \(days.start)")
        }
        let existing = new ? [] : try DomainWriter.memberships(db, memberIDs: [memberID])
        if existing.contains(self) { return .unchanged }
        try Membership.requireNoOverlap(self, with: existing)
        try db.cachedStatement(sql: "INSERT INTO membership (memberID, cellID, fromDay, untilDay) VALUES (?, ?, ?, ?)")
            .execute(arguments: [memberID, cellID, days.start.iso, days.end?.iso])
        return .inserted
    }

    func scope(_ db: Database) throws -> RecordScope { .units([cellID]) }
}

extension MemberStatusPeriod: StoredRecord {
    static let tables = ["memberStatus"]
    static let filters: Set<ListFilter> = [.memberID]
    static let idColumn: String? = nil
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM memberStatus", order: "memberID, fromDay")
        q.when(filter.memberID, "memberID = :member", "member")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> MemberStatusPeriod {
        try MemberStatusPeriod(
            memberID: row["memberID"], status: MemberStatus(rawValue: row["status"])!, reason: row["reason"],
            days: try RecordListing.range(row, "fromDay", "untilDay"))
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        try DomainWriter.require(db, "member", memberID, "member")
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT status, reason, fromDay, untilDay FROM memberStatus WHERE memberID = ?"),
            arguments: [memberID])
        for row in rows {
            let stored = try RecordListing.range(row, "fromDay", "untilDay")
            if stored == days, row["status"] == status.rawValue, row["reason"] == reason { return .unchanged }
            if stored.overlaps(days) {
                throw StoreError(.conflict, "member \(memberID) already has status \(row["status"] as String) from \(stored.start)")
            }
        }
        try db.cachedStatement(sql: "INSERT INTO memberStatus (memberID, status, reason, fromDay, untilDay) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [memberID, status.rawValue, reason, days.start.iso, days.end?.iso])
        return .inserted
    }

    func scope(_ db: Database) throws -> RecordScope { .anywhere }
}

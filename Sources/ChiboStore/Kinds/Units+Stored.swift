import ChiboModel
import GRDB

extension Level: StoredRecord {
    static let tables = ["level"]
    static let filters: Set<ListFilter> = []
    static let idColumn: String? = "code"
    static func query(_ filter: RecordFilter) -> RecordQuery { RecordQuery("SELECT * FROM level", order: "code") }
    static func read(_ row: Row, _ db: Database) throws -> Level {
        Level(code: row["code"], nameVi: row["nameVi"], nameEn: row["nameEn"], holdsMembers: row["holdsMembers"])
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        try DomainWriter.insertOrCompare(
            db, table: "level", key: ("code", code),
            values: [
                "code": code, "nameVi": nameVi, "nameEn": nameEn, "holdsMembers": holdsMembers,
            ], what: "level")
    }

    func scope(_ db: Database) throws -> RecordScope { .unscopedOnly }
}

extension PartyUnit: StoredRecord {
    static let tables = ["unit"]
    static let filters: Set<ListFilter> = [.search, .unitID]
    static let idColumn: String? = "id"
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM unit", order: "id")
        q.inSubtree(filter, "id IN subtree")
        q.search(filter)
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> PartyUnit {
        try PartyUnit(
            id: row["id"], parentID: row["parentID"], name: row["name"], level: row["level"], residential: row["residential"],
            especiallyDifficult: row["especiallyDifficult"], regularMeetingDay: row["regularMeetingDay"],
            active: try RecordListing.range(row, "activeFrom", "activeUntil"))
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        guard
            try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM level WHERE code = ?)"), arguments: [level]) == true
        else {
            throw StoreError(.notFound, "no level \(level)")
        }
        if let parentID { try DomainWriter.requireUnitActive(db, parentID, on: active.start) }
        return try DomainWriter.insertOrCompare(
            db, table: "unit", key: ("id", id),
            values: [
                "id": id, "parentID": parentID, "name": name, "nameSearch": VietnameseText.searchKey(name),
                "level": level, "residential": residential, "especiallyDifficult": especiallyDifficult,
                "regularMeetingDay": regularMeetingDay, "activeFrom": active.start.iso, "activeUntil": active.end?.iso,
            ], what: "unit")
    }

    /// A unit belongs to its parent's subtree; a top unit only an unscoped key may add.
    func scope(_ db: Database) throws -> RecordScope { parentID.map { .units([$0]) } ?? .unscopedOnly }
}

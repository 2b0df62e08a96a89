import ChiboModel
import Foundation
import GRDB

/// Lists records of any kind through its `StoredRecord` query. Rows were checked when written, so they are
/// rebuilt with `farFuture` as "today" (no stored meeting is refused for being in the future).
enum RecordListing {
    static let farFuture = CalendarDay.farFuture

    /// Longest `search` text accepted: longer than any name, short enough to keep the LIKE pattern cheap.
    static let maxSearchCharacters = 200

    static let subtree = """
        WITH RECURSIVE subtree(id) AS (
            SELECT id FROM unit WHERE id = :unit
            UNION ALL SELECT unit.id FROM unit JOIN subtree ON unit.parentID = subtree.id)
        """

    /// One page of records and the number matching in all. Only the page's records are built.
    static func list(_ filter: RecordFilter, in db: Database) throws -> (records: [any DomainRecord], total: Int) {
        let type = try StoredKinds.type(of: filter.kind)
        try requireFilters(filter, honouredBy: type)
        var q = type.query(filter)
        if let id = filter.id {
            guard let column = type.idColumn else {
                throw StoreError(.notFound, "\(filter.kind) records have no single id; filter them instead")
            }
            q.conditions.append("\(column) = :id")
            q.arguments["id"] = id
        }
        var with = ""
        if let unit = filter.unitID { with = subtree; q.arguments["unit"] = unit }
        let whereClause = q.conditions.isEmpty ? "" : " WHERE " + q.conditions.joined(separator: " AND ")
        let matching = "\(q.select)\(whereClause)"
        let total = try Int.fetchOne(db, sql: "\(with) SELECT COUNT(*) FROM (\(matching))", arguments: StatementArguments(q.arguments)) ?? 0
        q.arguments["limit"] = filter.limit
        q.arguments["offset"] = filter.offset
        let rows = try Row.fetchAll(
            db, sql: "\(with) \(matching) ORDER BY \(q.order) LIMIT :limit OFFSET :offset",
            arguments: StatementArguments(q.arguments))
        return (try rows.map { try type.read($0, db) }, total)
    }

    /// Refuses a filter the kind cannot honour rather than ignoring it and listing everything.
    private static func requireFilters(_ filter: RecordFilter, honouredBy type: any StoredRecord.Type) throws {
        if let search = filter.search, search.count > maxSearchCharacters {
            throw StoreError(.invalidArgument, "search is at most \(maxSearchCharacters) characters")
        }
        let asked: [(ListFilter, Bool)] = [
            (.search, filter.search != nil), (.unitID, filter.unitID != nil), (.memberID, filter.memberID != nil),
            (.officialID, filter.officialID != nil), (.from, filter.from != nil), (.until, filter.until != nil),
        ]
        for (name, given) in asked where given && !type.filters.contains(name) {
            let names = type.filters.sorted().map(\.rawValue).joined(separator: ", ")
            throw StoreError(
                .invalidArgument,
                "\(filter.kind) records cannot be filtered by \(name.rawValue); they take: \(names.isEmpty ? "id only" : names)")
        }
    }

    static func day(_ row: Row, _ column: String) -> CalendarDay? { (row[column] as String?).flatMap { CalendarDay(stored: $0) } }

    /// The day range stored in two columns of `row` (an open end is NULL).
    static func range(_ row: Row, _ from: String, _ until: String) throws -> DayRange {
        try DayRange(from: day(row, from)!, until: day(row, until))
    }

    /// The same by column position, for rows read in bulk (a look-up by name costs more than the rest).
    static func range(_ row: Row, _ from: Int, _ until: Int) throws -> DayRange {
        try DayRange(from: CalendarDay(stored: row[from])!, until: (row[until] as String?).map { CalendarDay(stored: $0)! })
    }
}

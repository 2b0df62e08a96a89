import ChiboModel
import Foundation
import GRDB

extension DomainWriter {
    /// What to end: one open range, named by its natural key.
    public enum EndTarget: Sendable {
        case unit(id: String)
        case membership(memberID: String, cellID: String)
        case position(officialID: String, committeeID: String, role: PositionRole)
        case memberStatus(memberID: String, status: MemberStatus)
    }

    /// Sets the open end of a range to `until`. Refuses a range already closed (history is not rewritten), an
    /// end before the start, and ending a unit that still has active units under it.
    static func end(_ target: EndTarget, until: CalendarDay, in db: Database) throws -> any DomainRecord {
        let (table, untilColumn, fromColumn, condition, arguments, what, kind):
            (String, String, String, String, StatementArguments, String, RecordKind)
        switch target {
        case .unit(let id):
            (table, untilColumn, fromColumn, condition, arguments, what, kind) =
                ("unit", "activeUntil", "activeFrom", "id = ?", [id], "unit \(id)", .unit)
            let openChildren =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM unit WHERE parentID = ? AND (activeUntil IS NULL OR activeUntil > ?)",
                    arguments: [id, until.iso]) ?? 0
            if openChildren > 0 {
                throw ModelError(.inactiveUnit, "unit \(id) still has \(openChildren) unit(s) active after \(until); end them first")
            }
        case .membership(let member, let cell):
            (table, untilColumn, fromColumn, condition, arguments, what, kind) =
                (
                    "membership", "untilDay", "fromDay", "memberID = ? AND cellID = ?", [member, cell],
                    "membership of \(member) in \(cell)", .membership
                )
        case .position(let official, let committee, let role):
            (table, untilColumn, fromColumn, condition, arguments, what, kind) =
                (
                    "position", "untilDay", "fromDay", "officialID = ? AND committeeID = ? AND role = ?",
                    [official, committee, role.rawValue],
                    "position \(role.rawValue) of \(official) in \(committee)", .position
                )
        case .memberStatus(let member, let status):
            (table, untilColumn, fromColumn, condition, arguments, what, kind) =
                (
                    "memberStatus", "untilDay", "fromDay", "memberID = ? AND status = ?", [member, status.rawValue],
                    "status \(status.rawValue) of \(member)", .memberStatus
                )
        }
        let key = table == "unit" ? "id" : "rowid"
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT \(key) AS key, \(fromColumn) AS start FROM \(table) WHERE \(condition) AND \(untilColumn) IS NULL",
                arguments: arguments)
        else {
            throw StoreError(.notFound, "no open \(what) to end")
        }
        guard let start = CalendarDay(row["start"] as String), start <= until else {
            throw ModelError(.endsBeforeStart, "\(what) cannot end on \(until), before it started")
        }
        try db.execute(sql: "UPDATE \(table) SET \(untilColumn) = ? WHERE \(key) = ?", arguments: [until.iso, row["key"] as DatabaseValue])
        var filter = RecordFilter(kind: kind)
        switch target {
        case .unit(let id): filter.id = id
        case .membership(let member, _), .memberStatus(let member, _): filter.memberID = member
        case .position(let official, _, _): filter.officialID = official
        }
        filter.limit = 1000
        let records = try RecordListing.list(filter, in: db).records
        return records.first { record in
            switch target {
            case .unit: record is PartyUnit
            case .membership(_, let cell): (record as? Membership).map { $0.cellID == cell && $0.days.end == until } ?? false
            case .position(_, let committee, let role):
                (record as? Position).map { $0.committeeID == committee && $0.role == role && $0.term.end == until } ?? false
            case .memberStatus(_, let status): (record as? MemberStatusPeriod).map { $0.status == status && $0.days.end == until } ?? false
            }
        }!
    }
}

import ChiboModel
import Foundation
import GRDB

/// Reads domain records back as model values. Rows were checked when written, so they are rebuilt with
/// `DomainReader.farFuture` as "today" (no stored meeting is refused for being in the future).
enum DomainReader {
    static let farFuture = CalendarDay(year: 9999, month: 12, day: 31)!

    static let subtree = """
        WITH RECURSIVE subtree(id) AS (
            SELECT id FROM unit WHERE id = :unit
            UNION ALL SELECT unit.id FROM unit JOIN subtree ON unit.parentID = subtree.id)
        """

    /// A SQL query per kind: the select, and the conditions each filter adds.
    struct Query {
        var with = ""
        var select: String
        var conditions: [String] = []
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        var order: String
    }

    /// One page of records and the number matching in all. Only the page's records are built.
    static func list(_ filter: RecordFilter, in db: Database) throws -> (records: [DomainRecord], total: Int) {
        var q = try query(for: filter)
        if let unit = filter.unitID { q.with = subtree; q.arguments["unit"] = unit }
        let whereClause = q.conditions.isEmpty ? "" : " WHERE " + q.conditions.joined(separator: " AND ")
        let matching = "\(q.select)\(whereClause)"
        let arguments = StatementArguments(q.arguments)
        let total = try Int.fetchOne(db, sql: "\(q.with) SELECT COUNT(*) FROM (\(matching))", arguments: arguments) ?? 0
        if filter.kind == .member || filter.kind == .official {
            // People are listed by given name in Vietnamese order, which SQL cannot collate: sort the names of
            // every match, then build only the page's records.
            let names = try Row.fetchAll(db, sql: "\(q.with) SELECT id, fullName FROM (\(matching))", arguments: arguments)
                .map { (id: $0["id"] as String, key: VietnameseCollation.personKey($0["fullName"])) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let table = filter.kind == .member ? "member" : "official"
            let page = try names.dropFirst(filter.offset).prefix(filter.limit).map { entry in
                try record(filter.kind, Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE id = ?", arguments: [entry.id])!, db)
            }
            return (page, total)
        }
        q.arguments["limit"] = filter.limit
        q.arguments["offset"] = filter.offset
        let rows = try Row.fetchAll(db, sql: "\(q.with) \(matching) ORDER BY \(q.order) LIMIT :limit OFFSET :offset",
                                    arguments: StatementArguments(q.arguments))
        return (try rows.map { try record(filter.kind, $0, db) }, total)
    }

    private static func query(for f: RecordFilter) throws -> Query {
        var q: Query
        let search = f.search.map { "%" + VietnameseText.searchKey($0) + "%" }
        switch f.kind {
        case .level:
            q = Query(select: "SELECT * FROM level", order: "code")
        case .unit:
            q = Query(select: "SELECT * FROM unit", order: "id")
            if f.unitID != nil { q.conditions.append("id IN subtree") }
            if let search { q.conditions.append("nameSearch LIKE :search"); q.arguments["search"] = search }
        case .member:
            q = Query(select: "SELECT * FROM member", order: "id")
            if f.unitID != nil { q.conditions.append("id IN (SELECT memberID FROM membership WHERE cellID IN subtree)") }
            if let search { q.conditions.append("nameSearch LIKE :search"); q.arguments["search"] = search }
        case .membership:
            q = Query(select: "SELECT * FROM membership", order: "memberID, fromDay")
            if f.unitID != nil { q.conditions.append("cellID IN subtree") }
            if let m = f.memberID { q.conditions.append("memberID = :member"); q.arguments["member"] = m }
        case .memberStatus:
            q = Query(select: "SELECT * FROM memberStatus", order: "memberID, fromDay")
            if let m = f.memberID { q.conditions.append("memberID = :member"); q.arguments["member"] = m }
        case .official:
            q = Query(select: "SELECT * FROM official", order: "id")
            if let search { q.conditions.append("nameSearch LIKE :search"); q.arguments["search"] = search }
            if f.unitID != nil {
                q.conditions.append("""
                    id IN (SELECT officialID FROM assignment JOIN assignmentUnit ON assignmentUnit.assignmentID = assignment.id
                           WHERE assignmentUnit.unitID IN subtree)
                    """)
            }
        case .position:
            q = Query(select: "SELECT * FROM position", order: "officialID, fromDay")
            if let o = f.officialID { q.conditions.append("officialID = :official"); q.arguments["official"] = o }
            if f.unitID != nil { q.conditions.append("committeeID IN subtree") }
        case .assignment:
            q = Query(select: "SELECT * FROM assignment", order: "validFrom, id")
            if let o = f.officialID { q.conditions.append("officialID = :official"); q.arguments["official"] = o }
            if f.unitID != nil { q.conditions.append("id IN (SELECT assignmentID FROM assignmentUnit WHERE unitID IN subtree)") }
        case .meeting:
            q = Query(select: "SELECT * FROM meeting", order: "date, unitID, id")
            if f.unitID != nil { q.conditions.append("unitID IN subtree") }
            if let m = f.memberID { q.conditions.append("id IN (SELECT meetingID FROM attendance WHERE memberID = :member)"); q.arguments["member"] = m }
            dated(&q, "date", f)
        case .visit:
            q = Query(select: "SELECT visit.* FROM visit JOIN meeting ON meeting.id = visit.meetingID", order: "meeting.date, visit.id")
            if f.unitID != nil { q.conditions.append("meeting.unitID IN subtree") }
            if let o = f.officialID { q.conditions.append("visit.officialID = :official"); q.arguments["official"] = o }
            dated(&q, "meeting.date", f)
        case .recommendation:
            q = Query(select: "SELECT recommendation.* FROM recommendation JOIN meeting ON meeting.id = recommendation.meetingID",
                      order: "meeting.date, recommendation.id")
            if f.unitID != nil { q.conditions.append("meeting.unitID IN subtree") }
            if let o = f.officialID { q.conditions.append("recommendation.receivedBy = :official"); q.arguments["official"] = o }
            dated(&q, "meeting.date", f)
        case .monthlyReport:
            q = Query(select: "SELECT * FROM monthlyReport", order: "month, unitID")
            if f.unitID != nil { q.conditions.append("unitID IN subtree") }
            dated(&q, "submittedOn", f)
        case .rating:
            q = Query(select: "SELECT * FROM rating", order: "year, unitID, memberID")
            if f.unitID != nil { q.conditions.append("(unitID IN subtree OR memberID IN (SELECT memberID FROM membership WHERE cellID IN subtree))") }
            if let m = f.memberID { q.conditions.append("memberID = :member"); q.arguments["member"] = m }
        }
        if let id = f.id {
            let column: String? = switch f.kind {
            case .level: "code"
            case .unit, .member, .official, .assignment, .meeting: "id"
            case .visit: "visit.id"
            case .recommendation: "recommendation.id"
            default: nil
            }
            guard let column else { throw StoreError(.notFound, "\(f.kind.rawValue) records have no single id; filter them instead") }
            q.conditions.append("\(column) = :id")
            q.arguments["id"] = id
        }
        return q
    }

    private static func dated(_ q: inout Query, _ column: String, _ f: RecordFilter) {
        if let from = f.from { q.conditions.append("\(column) >= :from"); q.arguments["from"] = from.iso }
        if let until = f.until { q.conditions.append("\(column) <= :until"); q.arguments["until"] = until.iso }
    }

    private static func day(_ row: Row, _ column: String) -> CalendarDay? { (row[column] as String?).flatMap { CalendarDay(stored: $0) } }

    /// The day range stored in two columns of `row` (an open end is NULL).
    static func range(_ row: Row, _ from: String, _ until: String) throws -> DayRange {
        try DayRange(from: day(row, from)!, until: day(row, until))
    }

    private static func record(_ kind: RecordKind, _ row: Row, _ db: Database) throws -> DomainRecord {
        switch kind {
        case .level:
            return .level(Level(code: row["code"], nameVi: row["nameVi"], nameEn: row["nameEn"], holdsMembers: row["holdsMembers"]))
        case .unit:
            return .unit(try PartyUnit(
                id: row["id"], parentID: row["parentID"], name: row["name"], level: row["level"], residential: row["residential"],
                especiallyDifficult: row["especiallyDifficult"], regularMeetingDay: row["regularMeetingDay"],
                active: try range(row, "activeFrom", "activeUntil")))
        case .member:
            return .member(try Member(id: row["id"], fullName: row["fullName"], birthYear: row["birthYear"]))
        case .membership:
            return .membership(Membership(memberID: row["memberID"], cellID: row["cellID"], days: try range(row, "fromDay", "untilDay")))
        case .memberStatus:
            return .memberStatus(try MemberStatusPeriod(
                memberID: row["memberID"], status: MemberStatus(rawValue: row["status"])!, reason: row["reason"],
                days: try range(row, "fromDay", "untilDay")))
        case .official:
            return .official(try Official(id: row["id"], fullName: row["fullName"], memberID: row["memberID"]))
        case .position:
            return .position(Position(officialID: row["officialID"], committeeID: row["committeeID"],
                                      role: PositionRole(rawValue: row["role"])!, term: try range(row, "fromDay", "untilDay")))
        case .assignment:
            let units = try String.fetchAll(db, sql: "SELECT unitID FROM assignmentUnit WHERE assignmentID = ? ORDER BY unitID",
                                            arguments: [row["id"] as String])
            return .assignment(try Assignment(
                id: row["id"], decisionNumber: row["decisionNumber"], decisionDate: day(row, "decisionDate")!,
                officialID: row["officialID"], unitIDs: units, valid: try range(row, "validFrom", "validUntil"), corrects: row["corrects"]))
        case .meeting:
            let presence = try Row.fetchAll(db, sql: "SELECT memberID, presence FROM attendance WHERE meetingID = ?",
                                            arguments: [row["id"] as String])
            return .meeting(try Meeting(
                id: row["id"], unitID: row["unitID"], date: day(row, "date")!, kind: MeetingKind(rawValue: row["kind"])!,
                online: row["online"], startMinute: row["startMinute"], durationMinutes: row["durationMinutes"],
                committeeMetFirst: row["committeeMetFirst"], topic: row["topic"], resolution: row["resolution"],
                speakers: row["speakers"], score: row["score"],
                presence: Dictionary(uniqueKeysWithValues: presence.map { ($0["memberID"] as String, Presence(rawValue: $0["presence"])!) }),
                corrects: row["corrects"], today: farFuture))
        case .visit:
            return .visit(try Visit(id: row["id"], meetingID: row["meetingID"], officialID: row["officialID"],
                                    guidance: row["guidance"], corrects: row["corrects"]))
        case .recommendation:
            let steps = try Row.fetchAll(db, sql: "SELECT status, day, note FROM recommendationStep WHERE recommendationID = ? ORDER BY day",
                                         arguments: [row["id"] as String]).map {
                Recommendation.Step(status: Recommendation.Status(rawValue: $0["status"])!, day: CalendarDay($0["day"] as String)!, note: $0["note"])
            }.sorted { $0.status < $1.status }
            return .recommendation(try Recommendation(id: row["id"], meetingID: row["meetingID"], text: row["text"],
                                                      receivedBy: row["receivedBy"], steps: steps))
        case .monthlyReport:
            return .monthlyReport(try MonthlyReport(unitID: row["unitID"], month: CalendarMonth(row["month"] as String)!,
                                                    submittedOn: day(row, "submittedOn")!, submittedBy: row["submittedBy"], today: farFuture))
        case .rating:
            let subject: Rating.Subject = (row["unitID"] as String?).map { .unit($0) } ?? .member(row["memberID"])
            return .rating(try Rating(year: row["year"], subject: subject, grade: RatingGrade(rawValue: row["grade"])!,
                                      decidedBy: row["decidedBy"], today: farFuture))
        }
    }
}

extension Store {
    public func list(_ filter: RecordFilter) async throws -> (records: [DomainRecord], total: Int) {
        try await pool.read { try DomainReader.list(filter, in: $0) }
    }
}

extension DomainWriter {
    /// Writes any record; see the typed `insert` functions for what each checks.
    public static func insert(_ record: DomainRecord, in db: Database) throws -> Outcome {
        switch record {
        case .level(let r): try insert(r, in: db)
        case .unit(let r): try insert(r, in: db)
        case .member(let r): try insert(r, in: db)
        case .membership(let r): try insert(r, in: db)
        case .memberStatus(let r): try insert(r, in: db)
        case .official(let r): try insert(r, in: db)
        case .position(let r): try insert(r, in: db)
        case .assignment(let r): try insert(r, in: db)
        case .meeting(let r): try insert(r, in: db)
        case .visit(let r): try insert(r, in: db)
        case .recommendation(let r): try insert(r, in: db)
        case .monthlyReport(let r): try insert(r, in: db)
        case .rating(let r): try insert(r, in: db)
        }
    }
}

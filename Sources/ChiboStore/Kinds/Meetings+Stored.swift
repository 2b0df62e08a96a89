import ChiboModel
import GRDB

extension Meeting: StoredRecord {
    static let tables = ["meeting", "attendance"]
    static let filters: Set<ListFilter> = [.unitID, .memberID, .from, .until]
    static let idColumn: String? = "id"
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT * FROM meeting", order: "date, unitID, id")
        q.inSubtree(filter, "unitID IN subtree")
        q.when(filter.memberID, "id IN (SELECT meetingID FROM attendance WHERE memberID = :member)", "member")
        q.dated(filter, "date")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Meeting {
        let presence = try Row.fetchAll(
            db, sql: "SELECT memberID, presence FROM attendance WHERE meetingID = ?", arguments: [row["id"] as String])
        return try Meeting(
            id: row["id"], unitID: row["unitID"], date: RecordListing.day(row, "date")!, kind: MeetingKind(rawValue: row["kind"])!,
            online: row["online"], startMinute: row["startMinute"], durationMinutes: row["durationMinutes"],
            committeeMetFirst: row["committeeMetFirst"], topic: row["topic"], resolution: row["resolution"],
            speakers: row["speakers"], score: row["score"],
            presence: Dictionary(uniqueKeysWithValues: presence.map { ($0["memberID"] as String, Presence(rawValue: $0["presence"])!) }),
            corrects: row["corrects"], today: RecordListing.farFuture)
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome { try insert(in: db, lookups: WriteLookups()) }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome {
        let unit = try lookups.unit(db, unitID)
        guard unit.active.contains(date) else { throw ModelError(.inactiveUnit, "unit \(unitID) is not active on \(date)") }
        if let corrects { try DomainWriter.require(db, "meeting", corrects, "meeting") }
        let roster = try lookups.roster(db, cell: unitID)
        if !presence.isEmpty { try requirePresenceInCell(roster.memberships(of: presence.keys)) }
        // Counted here rather than by an UPDATE after the presence rows: one statement instead of two
        // subqueries over them, and the month's sums take the counts from the insert's own trigger.
        let counts = attendance(leavingOut: { roster.isExempt($0, on: date) })
        let outcome = try DomainWriter.insertOrCompare(
            db, table: "meeting", key: ("id", id),
            values: [
                "id": id, "unitID": unitID, "date": date.iso, "kind": kind.rawValue, "online": online, "startMinute": startMinute,
                "durationMinutes": durationMinutes, "committeeMetFirst": committeeMetFirst, "topic": topic, "resolution": resolution,
                "speakers": speakers, "score": score, "corrects": corrects,
                // From the day and the unit's fixed day, which never changes (a unit is compared, not updated):
                // the same meeting written again compares equal.
                "offFixedDay": kind == .regular && RegularityReport.isOffFixedDay(date, regularDay: unit.regularMeetingDay),
            ],
            // A member's status may change later, and its triggers count the meeting again (`MeetingCounts`).
            derived: ["presentCount": counts.present, "expectedCount": counts.expected], what: "meeting")
        let wanted = presence.mapValues(\.rawValue)
        if outcome == .unchanged {
            // A meeting just inserted has no attendance yet (its rows need it): only a stored one is compared.
            let stored = Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    try db.cachedStatement(sql: "SELECT memberID, presence FROM attendance WHERE meetingID = ?"),
                    arguments: [id]
                ).map { ($0[0] as String, $0[1] as String) })
            guard stored == wanted else { throw StoreError(.conflict, "meeting \(id) already exists with another presence list") }
            return .unchanged
        }
        // A province's import writes 740.000 of these rows: one prepared statement for the meeting's list, run
        // without GRDB's arguments.
        let attendance = try db.cachedStatement(sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES (?, ?, ?)")
        for (memberID, presence) in wanted.sorted(by: { $0.key < $1.key }) {
            try attendance.runUnobserved(id, memberID, presence)
        }
        if kind == .regular {
            let excused = try db.cachedStatement(sql: ExcusedCounts.add)
            for (memberID, presence) in wanted where presence == Presence.absentExcused.rawValue {
                try excused.runUnobserved(date.year, memberID)
            }
        }
        return .inserted
    }

    func scope(_ db: Database) throws -> RecordScope { .units([unitID]) }
}

extension Visit: StoredRecord {
    static let tables = ["visit"]
    static let filters: Set<ListFilter> = [.unitID, .officialID, .from, .until]
    static let idColumn: String? = "visit.id"
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery("SELECT visit.* FROM visit JOIN meeting ON meeting.id = visit.meetingID", order: "meeting.date, visit.id")
        q.inSubtree(filter, "meeting.unitID IN subtree")
        q.when(filter.officialID, "visit.officialID = :official", "official")
        q.dated(filter, "meeting.date")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Visit {
        try Visit(
            id: row["id"], meetingID: row["meetingID"], officialID: row["officialID"], guidance: row["guidance"], corrects: row["corrects"])
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome { try insert(in: db, lookups: WriteLookups()) }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome {
        guard
            let date = try String.fetchOne(try db.cachedStatement(sql: "SELECT date FROM meeting WHERE id = ?"), arguments: [meetingID])
                .flatMap({ CalendarDay($0) })
        else { throw StoreError(.notFound, "no meeting \(meetingID)") }
        let positions = try lookups.positions(db, official: officialID)
        if let corrects { try DomainWriter.require(db, "visit", corrects, "visit") }
        try Position.requireHeld(by: officialID, on: date, in: positions)
        try requireOnlyVisit(
            among: try String.fetchAll(try db.cachedStatement(sql: Self.othersOfMeetingAndOfficial), arguments: [meetingID, officialID]))
        return try DomainWriter.insertOrCompare(
            db, table: "visit", key: ("id", id),
            values: [
                "id": id, "meetingID": meetingID, "officialID": officialID, "guidance": guidance, "corrects": corrects,
            ], what: "visit")
    }

    private static let othersOfMeetingAndOfficial =
        "SELECT id FROM visit WHERE meetingID = ? AND officialID = ? AND " + ReportReader.effective("visit") + " ORDER BY id"

    /// A visit belongs to its meeting's unit; an unknown meeting is reported by the write.
    func scope(_ db: Database) throws -> RecordScope { .units(try DomainWriter.meetingUnit(db, meetingID).map { [$0] } ?? []) }
}

extension Recommendation: StoredRecord {
    static let tables = ["recommendation", "recommendationStep"]
    static let filters: Set<ListFilter> = [.unitID, .officialID, .from, .until]
    static let idColumn: String? = "recommendation.id"
    static func query(_ filter: RecordFilter) -> RecordQuery {
        var q = RecordQuery(
            "SELECT recommendation.* FROM recommendation JOIN meeting ON meeting.id = recommendation.meetingID",
            order: "meeting.date, recommendation.id")
        q.inSubtree(filter, "meeting.unitID IN subtree")
        q.when(filter.officialID, "recommendation.receivedBy = :official", "official")
        q.dated(filter, "meeting.date")
        return q
    }

    static func read(_ row: Row, _ db: Database) throws -> Recommendation {
        let steps = try Row.fetchAll(
            db, sql: "SELECT status, day, note FROM recommendationStep WHERE recommendationID = ? ORDER BY day",
            arguments: [row["id"] as String]
        ).map {
            Recommendation.Step(
                status: Recommendation.Status(rawValue: $0["status"])!, day: CalendarDay($0["day"] as String)!, note: $0["note"])
        }.sorted { $0.status < $1.status }
        return try Recommendation(
            id: row["id"], meetingID: row["meetingID"], text: row["text"], receivedBy: row["receivedBy"], steps: steps)
    }

    func insert(in db: Database) throws -> DomainWriter.Outcome {
        try DomainWriter.require(db, "meeting", meetingID, "meeting")
        try DomainWriter.require(db, "official", receivedBy, "official")
        let outcome = try DomainWriter.insertOrCompare(
            db, table: "recommendation", key: ("id", id),
            values: [
                "id": id, "meetingID": meetingID, "text": text, "receivedBy": receivedBy,
            ], what: "recommendation")
        let stored = try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT status, day FROM recommendationStep WHERE recommendationID = ?"),
            arguments: [id]
        ).map { "\($0["status"] as String)@\($0["day"] as String)" }
        // A later import may carry more steps (forwarded, then answered): steps already stored must match,
        // new ones are appended.
        let wanted = steps.map { "\($0.status.rawValue)@\($0.day.iso)" }
        guard Array(wanted.prefix(stored.count)).sorted() == stored.sorted() else {
            throw StoreError(.conflict, "recommendation \(id) already has another history")
        }
        for step in steps.dropFirst(stored.count) {
            try db.cachedStatement(sql: "INSERT INTO recommendationStep (recommendationID, status, day, note) VALUES (?, ?, ?, ?)")
                .execute(arguments: [id, step.status.rawValue, step.day.iso, step.note])
        }
        return outcome == .inserted || steps.count > stored.count ? .inserted : .unchanged
    }

    /// A recommendation belongs to its meeting's unit; an unknown meeting is reported by the write.
    func scope(_ db: Database) throws -> RecordScope { .units(try DomainWriter.meetingUnit(db, meetingID).map { [$0] } ?? []) }
}

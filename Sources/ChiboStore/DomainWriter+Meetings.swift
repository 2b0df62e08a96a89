import ChiboModel
import Foundation
import GRDB

extension DomainWriter {
    public static func insert(_ meeting: Meeting, in db: Database) throws -> Outcome {
        try requireUnitActive(db, meeting.unitID, on: meeting.date)
        if let corrected = meeting.corrects { try require(db, "meeting", corrected, "meeting") }
        if !meeting.presence.isEmpty {
            try meeting.requirePresenceInCell(try memberships(db, memberIDs: Array(meeting.presence.keys)))
        }
        let outcome = try insertOrCompare(db, table: "meeting", key: ("id", meeting.id), values: [
            "id": meeting.id, "unitID": meeting.unitID, "date": meeting.date.iso, "kind": meeting.kind.rawValue,
            "online": meeting.online, "startMinute": meeting.startMinute, "durationMinutes": meeting.durationMinutes,
            "committeeMetFirst": meeting.committeeMetFirst, "topic": meeting.topic, "resolution": meeting.resolution,
            "speakers": meeting.speakers, "score": meeting.score, "corrects": meeting.corrects,
        ], what: "meeting")
        let stored = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(try db.cachedStatement(sql: "SELECT memberID, presence FROM attendance WHERE meetingID = ?"),
                                                   arguments: [meeting.id]).map { ($0["memberID"] as String, $0["presence"] as String) })
        let wanted = meeting.presence.mapValues(\.rawValue)
        if outcome == .unchanged {
            guard stored == wanted else { throw StoreError(.conflict, "meeting \(meeting.id) already exists with another presence list") }
            return .unchanged
        }
        for (memberID, presence) in wanted.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES (?, ?, ?)").execute(arguments: [meeting.id, memberID, presence])
        }
        return .inserted
    }

    public static func insert(_ visit: Visit, in db: Database) throws -> Outcome {
        guard let date = try String.fetchOne(try db.cachedStatement(sql: "SELECT date FROM meeting WHERE id = ?"), arguments: [visit.meetingID])
            .flatMap({ CalendarDay($0) })
        else { throw StoreError(.notFound, "no meeting \(visit.meetingID)") }
        try require(db, "official", visit.officialID, "official")
        if let corrected = visit.corrects { try require(db, "visit", corrected, "visit") }
        try Position.requireHeld(by: visit.officialID, on: date, in: try positions(db, officialID: visit.officialID))
        return try insertOrCompare(db, table: "visit", key: ("id", visit.id), values: [
            "id": visit.id, "meetingID": visit.meetingID, "officialID": visit.officialID, "guidance": visit.guidance,
            "corrects": visit.corrects,
        ], what: "visit")
    }

    static func positions(_ db: Database, officialID: String) throws -> [Position] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT committeeID, role, fromDay, untilDay FROM position WHERE officialID = ?"),
                         arguments: [officialID]).compactMap { row in
            guard let role = PositionRole(rawValue: row["role"]) else { return nil }
            return Position(officialID: officialID, committeeID: row["committeeID"], role: role,
                            term: try DomainReader.range(row, "fromDay", "untilDay"))
        }
    }

    public static func insert(_ recommendation: Recommendation, in db: Database) throws -> Outcome {
        try require(db, "meeting", recommendation.meetingID, "meeting")
        try require(db, "official", recommendation.receivedBy, "official")
        let outcome = try insertOrCompare(db, table: "recommendation", key: ("id", recommendation.id), values: [
            "id": recommendation.id, "meetingID": recommendation.meetingID, "text": recommendation.text,
            "receivedBy": recommendation.receivedBy,
        ], what: "recommendation")
        let stored = try Row.fetchAll(try db.cachedStatement(sql: "SELECT status, day FROM recommendationStep WHERE recommendationID = ?"),
                                      arguments: [recommendation.id]).map { "\($0["status"] as String)@\($0["day"] as String)" }
        // A later import may carry more steps (forwarded, then answered): steps already stored must match,
        // new ones are appended.
        let wanted = recommendation.steps.map { "\($0.status.rawValue)@\($0.day.iso)" }
        guard Array(wanted.prefix(stored.count)).sorted() == stored.sorted() else {
            throw StoreError(.conflict, "recommendation \(recommendation.id) already has another history")
        }
        for step in recommendation.steps.dropFirst(stored.count) {
            try db.cachedStatement(sql: "INSERT INTO recommendationStep (recommendationID, status, day, note) VALUES (?, ?, ?, ?)").execute(arguments: [recommendation.id, step.status.rawValue, step.day.iso, step.note])
        }
        return outcome == .inserted || recommendation.steps.count > stored.count ? .inserted : .unchanged
    }

    public static func insert(_ report: MonthlyReport, in db: Database) throws -> Outcome {
        _ = try unit(db, report.unitID)
        if let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT submittedOn, submittedBy FROM monthlyReport WHERE unitID = ? AND month = ?"),
                                      arguments: [report.unitID, report.month.iso]) {
            guard row["submittedOn"] == report.submittedOn.iso, row["submittedBy"] == report.submittedBy else {
                throw StoreError(.conflict, "the report of \(report.unitID) for \(report.month) is already recorded otherwise")
            }
            return .unchanged
        }
        try db.cachedStatement(sql: "INSERT INTO monthlyReport (unitID, month, submittedOn, submittedBy) VALUES (?, ?, ?, ?)").execute(arguments: [report.unitID, report.month.iso, report.submittedOn.iso, report.submittedBy])
        return .inserted
    }

    public static func insert(_ rating: Rating, in db: Database) throws -> Outcome {
        _ = try unit(db, rating.decidedBy)
        let (column, subject): (String, String)
        switch rating.subject {
        case .unit(let id): _ = try unit(db, id); (column, subject) = ("unitID", id)
        case .member(let id): try require(db, "member", id, "member"); (column, subject) = ("memberID", id)
        }
        if let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT grade, decidedBy FROM rating WHERE year = ? AND \(column) = ?"),
                                      arguments: [rating.year, subject]) {
            guard row["grade"] == rating.grade.rawValue, row["decidedBy"] == rating.decidedBy else {
                throw StoreError(.conflict, "\(subject) already has another rating for \(rating.year)")
            }
            return .unchanged
        }
        try db.cachedStatement(sql: "INSERT INTO rating (year, \(column), grade, decidedBy) VALUES (?, ?, ?, ?)").execute(arguments: [rating.year, subject, rating.grade.rawValue, rating.decidedBy])
        return .inserted
    }
}

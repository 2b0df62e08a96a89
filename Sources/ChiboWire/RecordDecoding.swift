import ChiboModel
import Foundation

/// Turns records from the wire (or a CSV file) into model values, applying the model's rules. Every failure is
/// a `ModelError` whose message names the field, so an import can report it against its line. The kinds
/// chibo started with are converted by hand (they carry lists and nested steps, and imports are hot); any
/// other kind is a `FieldRecord` and goes through `FieldRecordWire`.
extension Chibo_V1_Record {
    public func decoded(today: CalendarDay) throws -> any DomainRecord {
        switch record {
        case .level(let r):
            guard !r.code.isEmpty, !r.nameVi.isEmpty else { throw ModelError(.emptyField, "a level needs a code and a name") }
            return Level(code: r.code, nameVi: r.nameVi, nameEn: r.nameEn, holdsMembers: r.holdsMembers)
        case .unit(let r):
            return try PartyUnit(
                id: r.id, parentID: r.parentID, name: r.name, level: r.level, residential: r.residential,
                especiallyDifficult: r.especiallyDifficult,
                regularMeetingDay: r.hasRegularMeetingDay ? Int(r.regularMeetingDay) : nil,
                active: try Field.range(r.activeFrom, r.activeUntil, "active_from", "active_until"))
        case .member(let r):
            return try Member(id: r.id, fullName: r.fullName, birthYear: r.hasBirthYear ? Int(r.birthYear) : nil)
        case .membership(let r):
            try Field.required(r.memberID, "member_id")
            try Field.required(r.cellID, "cell_id")
            return Membership(memberID: r.memberID, cellID: r.cellID, days: try Field.range(r.from, r.until))
        case .memberStatus(let r):
            return try MemberStatusPeriod(
                memberID: try Field.required(r.memberID, "member_id"), status: try Field.coded(r.status, "status"),
                reason: r.reason, days: try Field.range(r.from, r.until))
        case .official(let r):
            return try Official(id: r.id, fullName: r.fullName, memberID: r.memberID)
        case .position(let r):
            return Position(
                officialID: try Field.required(r.officialID, "official_id"),
                committeeID: try Field.required(r.committeeID, "committee_id"), role: try Field.coded(r.role, "role"),
                term: try Field.range(r.from, r.until))
        case .assignment(let r):
            return try Assignment(
                id: r.id, decisionNumber: r.decisionNumber, decisionDate: try Field.day(r.decisionDate, "decision_date"),
                officialID: try Field.required(r.officialID, "official_id"), unitIDs: r.unitIds,
                valid: try Field.range(r.validFrom, r.validUntil, "valid_from", "valid_until"), corrects: Field.optional(r.corrects))
        case .meeting(let r):
            var presence: [String: Presence] = [:]
            for entry in r.attendance {
                guard presence[entry.memberID] == nil else {
                    throw ModelError(.duplicate, "member \(entry.memberID) is listed twice in meeting \(r.id)")
                }
                presence[entry.memberID] = try Field.coded(entry.presence, "presence")
            }
            return try Meeting(
                id: r.id, unitID: try Field.required(r.unitID, "unit_id"), date: try Field.day(r.date, "date"),
                kind: try Field.coded(r.kind, "kind"), online: r.online,
                startMinute: r.hasStartMinute ? Int(r.startMinute) : nil,
                durationMinutes: r.hasDurationMinutes ? Int(r.durationMinutes) : nil,
                committeeMetFirst: r.committeeMetFirst, topic: r.topic, resolution: r.resolution,
                speakers: r.hasSpeakers ? Int(r.speakers) : nil, score: r.hasScore ? Int(r.score) : nil,
                presence: presence, corrects: Field.optional(r.corrects), today: today)
        case .visit(let r):
            return try Visit(
                id: r.id, meetingID: r.meetingID, officialID: r.officialID, guidance: r.guidance,
                corrects: Field.optional(r.corrects))
        case .recommendation(let r):
            let steps = try r.steps.map {
                Recommendation.Step(status: try Field.coded($0.status, "status"), day: try Field.day($0.day, "day"), note: $0.note)
            }
            return try Recommendation(
                id: r.id, meetingID: try Field.required(r.meetingID, "meeting_id"), text: r.text,
                receivedBy: try Field.required(r.receivedBy, "received_by"), steps: steps)
        case .monthlyReport(let r):
            guard let month = CalendarMonth(r.month) else { throw ModelError(.outOfRange, "month \"\(r.month)\" is not a month (yyyy-MM)") }
            return try MonthlyReport(
                unitID: try Field.required(r.unitID, "unit_id"), month: month,
                submittedOn: try Field.day(r.submittedOn, "submitted_on"), submittedBy: r.submittedBy, today: today)
        case .rating(let r):
            let subject: Rating.Subject
            switch (r.unitID.isEmpty, r.memberID.isEmpty) {
            case (false, true): subject = .unit(r.unitID)
            case (true, false): subject = .member(r.memberID)
            default: throw ModelError(.emptyField, "a rating names exactly one of unit_id and member_id")
            }
            return try Rating(
                year: Int(r.year), subject: subject, grade: try Field.coded(r.grade, "grade"),
                decidedBy: try Field.required(r.decidedBy, "decided_by"), today: today)
        case nil:
            throw ModelError(.emptyField, "the record is empty or of a kind this daemon does not know")
        default:
            return try FieldRecordWire.decode(self, today: today)
        }
    }
}

/// Field parsing with messages that name the field.
enum Field {
    @discardableResult
    static func required(_ value: String, _ name: String) throws -> String {
        let trimmed = value.trimmedOfWhitespace
        guard !trimmed.isEmpty else { throw ModelError(.emptyField, "\(name) is empty") }
        return trimmed
    }

    static func optional(_ value: String) -> String? {
        let trimmed = value.trimmedOfWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    static func day(_ text: String, _ name: String) throws -> CalendarDay {
        guard !text.isEmpty else { throw ModelError(.emptyField, "\(name) is empty") }
        guard let day = CalendarDay(text) else { throw ModelError(.outOfRange, "\(name) \"\(text)\" is not a date") }
        return day
    }

    static func range(_ from: String, _ until: String, _ fromName: String = "from", _ untilName: String = "until") throws -> DayRange {
        let start = try day(from, fromName)
        let end = until.isEmpty ? nil : try day(until, untilName)
        return try DayRange(from: start, until: end)
    }

    static func coded<T: RawRepresentable & CaseIterable>(_ text: String, _ name: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text.trimmedOfWhitespace) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ModelError(.outOfRange, "\(name) \"\(text)\" is not one of: \(allowed)")
        }
        return value
    }
}

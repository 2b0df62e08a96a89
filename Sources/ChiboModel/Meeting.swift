import Foundation

public enum MeetingKind: String, Sendable, Codable, CaseIterable {
    /// Thường kỳ: the monthly meeting, often on a fixed day.
    case regular
    /// Chuyên đề: on one topic, at least once a quarter.
    case thematic
    /// Chi ủy: the cell committee, which should meet before the cell.
    case cellCommittee = "cell_committee"
    /// Đảng ủy: a grassroots committee's meeting.
    case partyCommittee = "party_committee"
}

public enum Presence: String, Sendable, Codable, CaseIterable {
    case present
    case absentExcused = "absent_excused"
    case absentUnexcused = "absent_unexcused"
    /// Miễn sinh hoạt: left out of the attendance rate.
    case exempt
}

/// A meeting of a unit (kỳ sinh hoạt), with who was there. A correction is a new meeting record that
/// points at the one it corrects.
public struct Meeting: Hashable, Sendable, Codable {
    public let id: String
    public let unitID: String
    public let date: CalendarDay
    public let kind: MeetingKind
    public let online: Bool
    /// Start as minutes after midnight, and length in minutes (a quality meeting lasts at least 90).
    public let startMinute: Int?
    public let durationMinutes: Int?
    /// Whether the cell committee met first, as it should.
    public let committeeMetFirst: Bool
    public let topic: String
    public let resolution: String
    /// How many members spoke.
    public let speakers: Int?
    /// Quality score out of 100.
    public let score: Int?
    public let presence: [String: Presence]
    public let corrects: String?

    public init(
        id: String, unitID: String, date: CalendarDay, kind: MeetingKind, online: Bool = false,
        startMinute: Int? = nil, durationMinutes: Int? = nil, committeeMetFirst: Bool = false, topic: String = "",
        resolution: String = "", speakers: Int? = nil, score: Int? = nil, presence: [String: Presence] = [:],
        corrects: String? = nil, today: CalendarDay
    ) throws {
        guard !id.isEmpty else { throw ModelError(.emptyField, "a meeting needs a code") }
        guard date <= today else { throw ModelError(.futureDate, "meeting \(id) is dated \(date), after today \(today)") }
        if let start = startMinute, !(0..<1440).contains(start) {
            throw ModelError(.outOfRange, "meeting \(id) starts at minute \(start) of the day")
        }
        if let duration = durationMinutes, !(1...1440).contains(duration) {
            throw ModelError(.outOfRange, "meeting \(id) lasts \(duration) minutes")
        }
        if let score, !(0...100).contains(score) {
            throw ModelError(.outOfRange, "meeting \(id) has score \(score); scores run from 0 to 100")
        }
        if let speakers, speakers < 0 || speakers > presence.count && !presence.isEmpty {
            throw ModelError(.outOfRange, "meeting \(id) has \(speakers) speakers but \(presence.count) members listed")
        }
        self.id = id
        self.unitID = unitID
        self.date = date
        self.kind = kind
        self.online = online
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.committeeMetFirst = committeeMetFirst
        self.topic = VietnameseText.normalized(topic)
        self.resolution = VietnameseText.normalized(resolution)
        self.speakers = speakers
        self.score = score
        self.presence = presence
        self.corrects = corrects
    }

    /// Everyone on the presence list must belong to the meeting's cell on the meeting's day.
    public func requirePresenceInCell(_ memberships: [Membership]) throws {
        for memberID in presence.keys.sorted() {
            let belongs = memberships.contains {
                $0.memberID == memberID && $0.cellID == unitID && $0.days.contains(date)
            }
            guard belongs else {
                throw ModelError(.notInCell, "member \(memberID) is not in cell \(unitID) on \(date)")
            }
        }
    }

    /// Attendance as (present, expected): exempt members are left out of both.
    public var attendance: (present: Int, expected: Int) { attendance(leavingOut: { _ in false }) }

    /// The same, leaving out as well the members `exemptByStatus` names (exempt on the meeting's day by their
    /// status rather than on the list).
    public func attendance(leavingOut exemptByStatus: (String) -> Bool) -> (present: Int, expected: Int) {
        var (present, expected) = (0, 0)
        for (memberID, presence) in presence where presence != .exempt && !exemptByStatus(memberID) {
            expected += 1
            if presence == .present { present += 1 }
        }
        return (present, expected)
    }
}

/// A cell as the meeting reports see it.
public struct CellFacts: Hashable, Sendable {
    public let id: String
    public let name: String
    public let regularMeetingDay: Int?
    public let active: DayRange

    public init(id: String, name: String, regularMeetingDay: Int?, active: DayRange) {
        self.id = id
        self.name = name
        self.regularMeetingDay = regularMeetingDay
        self.active = active
    }
}

/// The latest correction of a meeting, with its attendance already counted (exempt members left out).
public struct MeetingFacts: Hashable, Sendable {
    public let id: String
    public let unitID: String
    public let date: CalendarDay
    public let kind: MeetingKind
    public let committeeMetFirst: Bool
    public let score: Int?
    public let present: Int
    public let expected: Int
    /// How many members spoke (ý kiến phát biểu), when recorded.
    public let speakers: Int?

    public init(
        id: String, unitID: String, date: CalendarDay, kind: MeetingKind, committeeMetFirst: Bool, score: Int?, present: Int, expected: Int,
        speakers: Int? = nil
    ) {
        self.id = id
        self.unitID = unitID
        self.date = date
        self.kind = kind
        self.committeeMetFirst = committeeMetFirst
        self.score = score
        self.present = present
        self.expected = expected
        self.speakers = speakers
    }

    var month: CalendarMonth { CalendarMonth(year: date.year, month: date.month)! }
}

/// One member's presence at one regular meeting, for runs of excused absences.
public struct PresenceFacts: Hashable, Sendable {
    public let memberID: String
    public let cellID: String
    public let date: CalendarDay
    public let presence: Presence

    public init(memberID: String, cellID: String, date: CalendarDay, presence: Presence) {
        self.memberID = memberID
        self.cellID = cellID
        self.date = date
        self.presence = presence
    }
}

extension Period {
    /// The months of the period, for reports that go month by month.
    public var months: [CalendarMonth] {
        (firstMonth..<(firstMonth + kind.months)).map { CalendarMonth(year: year, month: $0)! }
    }
}

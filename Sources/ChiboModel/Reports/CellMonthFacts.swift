/// A unit's regular and thematic meetings of one month, summed (latest corrections only): what participation,
/// quality and regularity read instead of the meetings, which a province's year holds 85.000 of. The store keeps
/// these sums as meetings are written; `summing` gives the same from meetings.
public struct CellMonthFacts: Hashable, Sendable {
    public let unitID: String
    public let month: CalendarMonth
    /// Regular and thematic meetings held, and how many of them were regular.
    public let meetings: Int
    public let regular: Int
    /// Their attendance: members present out of members expected, exempt members in neither.
    public let present: Int
    public let expected: Int
    /// How many of them have a score, and the total of those scores.
    public let scored: Int
    public let scoreTotal: Int
    /// How many of them have a count of members who spoke, and the total of those counts.
    public let counted: Int
    public let speakers: Int

    public init(
        unitID: String, month: CalendarMonth, meetings: Int, regular: Int, present: Int, expected: Int, scored: Int, scoreTotal: Int,
        counted: Int, speakers: Int
    ) {
        self.unitID = unitID
        self.month = month
        self.meetings = meetings
        self.regular = regular
        self.present = present
        self.expected = expected
        self.scored = scored
        self.scoreTotal = scoreTotal
        self.counted = counted
        self.speakers = speakers
    }

    /// The sums of the regular and thematic meetings among `meetings`, by unit and month (by unit, then month).
    public static func summing(_ meetings: [MeetingFacts]) -> [CellMonthFacts] {
        let held = meetings.filter { $0.kind == .regular || $0.kind == .thematic }
        return Dictionary(grouping: held) { UnitMonth(unitID: $0.unitID, month: $0.month) }
            .sorted { ($0.key.unitID, $0.key.month) < ($1.key.unitID, $1.key.month) }
            .map { key, meetings in
                CellMonthFacts(
                    unitID: key.unitID, month: key.month, meetings: meetings.count, regular: meetings.count(where: { $0.kind == .regular }),
                    present: meetings.reduce(0) { $0 + $1.present },
                    expected: meetings.reduce(0) { $0 + $1.expected }, scored: meetings.count(where: { $0.score != nil }),
                    scoreTotal: meetings.reduce(0) { $0 + ($1.score ?? 0) }, counted: meetings.count(where: { $0.speakers != nil }),
                    speakers: meetings.reduce(0) { $0 + ($1.speakers ?? 0) })
            }
    }

    private struct UnitMonth: Hashable {
        let unitID: String
        let month: CalendarMonth
    }
}

/// A unit's regular and thematic meetings of one month, summed (latest corrections only), and when its monthly
/// report of the month was submitted: what participation, quality and regularity read instead of the meetings
/// and reports, which a province's year holds 85.000 and 36.000 of. The store keeps these sums as meetings and
/// reports are written; `summing` gives the same from meetings and reports.
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
    /// When the unit's monthly report of the month was submitted, if it was.
    public let reportSubmittedOn: CalendarDay?

    public init(
        unitID: String, month: CalendarMonth, meetings: Int, regular: Int, present: Int, expected: Int, scored: Int, scoreTotal: Int,
        counted: Int, speakers: Int, reportSubmittedOn: CalendarDay? = nil
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
        self.reportSubmittedOn = reportSubmittedOn
    }

    /// The sums of the regular and thematic meetings among `meetings`, with the days `reports` were submitted, by
    /// unit and month (by unit, then month). A month with a report and no meeting has its row too; of two reports
    /// of one unit's month the first counts.
    public static func summing(_ meetings: [MeetingFacts], reports: [MonthlyReport] = []) -> [CellMonthFacts] {
        let held = Dictionary(grouping: meetings.filter { $0.kind == .regular || $0.kind == .thematic }) {
            UnitMonth(unitID: $0.unitID, month: $0.month)
        }
        let submitted = Dictionary(reports.map { (UnitMonth(unitID: $0.unitID, month: $0.month), $0.submittedOn) }) { first, _ in first }
        return Set(held.keys).union(submitted.keys).sorted { ($0.unitID, $0.month) < ($1.unitID, $1.month) }.map { key in
            let meetings = held[key] ?? []
            return CellMonthFacts(
                unitID: key.unitID, month: key.month, meetings: meetings.count, regular: meetings.count(where: { $0.kind == .regular }),
                present: meetings.reduce(0) { $0 + $1.present }, expected: meetings.reduce(0) { $0 + $1.expected },
                scored: meetings.count(where: { $0.score != nil }), scoreTotal: meetings.reduce(0) { $0 + ($1.score ?? 0) },
                counted: meetings.count(where: { $0.speakers != nil }), speakers: meetings.reduce(0) { $0 + ($1.speakers ?? 0) },
                reportSubmittedOn: submitted[key])
        }
    }

    private struct UnitMonth: Hashable {
        let unitID: String
        let month: CalendarMonth
    }
}

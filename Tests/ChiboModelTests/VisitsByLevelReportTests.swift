import ChiboModel
import Testing

/// Visits counted at the level of the highest committee the official sat on that day; officials and units counted
/// once per level, and once in the total however many levels they appear under.
@Suite struct VisitsByLevelReportTests {
    let tree = UnitTree([
        UnitFacts(id: "T", parentID: nil, name: "Tỉnh", level: "province"),
        UnitFacts(id: "T.H", parentID: "T", name: "Huyện", level: "district"),
        UnitFacts(id: "T.H.X", parentID: "T.H", name: "Xã", level: "grassroots"),
        UnitFacts(id: "T.H.X.A", parentID: "T.H.X", name: "Chi bộ A", level: "cell"),
        UnitFacts(id: "T.H.X.B", parentID: "T.H.X", name: "Chi bộ B", level: "cell"),
    ])

    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    func visit(_ number: Int, _ official: String, _ unit: String, _ date: String) -> VisitFacts {
        VisitFacts(
            visitID: "V\(number)", officialID: official, meetingID: "H\(number)", unitID: unit, date: day(date), meetingKind: .regular)
    }

    @Test func eachVisitCountsAtTheHighestCommitteeHeldThatDay() throws {
        let positions = [
            // O1 sits on the commune committee all year and on the district one from July: the district wins then.
            Position(officialID: "O1", committeeID: "T.H.X", role: .committeeMember, term: try DayRange(from: day("01/01/2020"))),
            Position(officialID: "O1", committeeID: "T.H", role: .executiveMember, term: try DayRange(from: day("01/07/2025"))),
            Position(officialID: "O2", committeeID: "T", role: .standingMember, term: try DayRange(from: day("01/01/2020"))),
            Position(officialID: "O3", committeeID: "T.H.X", role: .committeeMember, term: try DayRange(from: day("01/01/2020"))),
        ]
        let visits = [
            visit(1, "O1", "T.H.X.A", "03/02/2025"), visit(2, "O1", "T.H.X.A", "03/03/2025"), visit(3, "O1", "T.H.X.B", "03/08/2025"),
            visit(4, "O2", "T.H.X.B", "05/08/2025"), visit(5, "O3", "T.H.X.A", "03/09/2025"),
            // O4 holds no position: counted apart, and in the total.
            visit(6, "O4", "T.H.X.A", "03/10/2025"),
        ]
        let report = VisitsByLevelReport.build(
            visits: visits, positions: positions, tree: tree, levels: Level.standard, period: Period("2025")!, language: .vi)
        let rows = try #require(report.table("by_level")).rows
        // Level, visits, officials, units visited.
        #expect(
            rows.map { [$0[0].code, $0[1], $0[2], $0[3]] } == [
                [.text("province"), .integer(1), .integer(1), .integer(1)],
                [.text("district"), .integer(1), .integer(1), .integer(1)],
                [.text("grassroots"), .integer(3), .integer(2), .integer(1)],
                [.text("none"), .integer(1), .integer(1), .integer(1)],
                [.text("total"), .integer(6), .integer(4), .integer(2)],
            ])
    }

    @Test func noVisitsIsATotalOfNothing() throws {
        let report = VisitsByLevelReport.build(
            visits: [], positions: [], tree: tree, levels: Level.standard, period: Period("2025-Q2")!, language: .en)
        #expect(try #require(report.table("by_level")).rows.map { $0.dropFirst().map { $0 } } == [[.integer(0), .integer(0), .integer(0)]])
    }
}

extension ReportValue {
    /// A coded value's code as text, so that rows compare without their labels.
    fileprivate var code: ReportValue {
        if case .coded(let code, _) = self { return .text(code) }
        return self
    }
}

import ChiboModel
import Testing

/// Hand-computed scenarios for what the boards' acceptance tests found wrong (Yên Bái QĐ 18, Q2 2025, 91 days).
@Suite struct CorrectionScenarioTests {
    typealias F = RuleSetFixtures
    let q2 = Period("2025-Q2")!

    func engine(_ officials: [Official], _ positions: [Position], _ assignments: [Assignment], _ visits: [VisitFacts]) throws
        -> ComplianceEngine
    {
        ComplianceEngine(
            ComplianceFacts(
                tree: F.tree, officials: officials, positions: positions, assignments: assignments, visits: visits,
                statuses: [], ruleSets: ["P": try F.shipped("yen-bai-18-2019.rules")]))
    }

    func report(_ outcomes: [RuleOutcome], unjudged: [VisitFacts] = [], details: Bool = false) -> Report {
        ComplianceReport.build(
            outcomes, unjudged: unjudged, period: q2, tree: F.tree, levels: Level.standard, language: .vi, details: details)
    }

    /// C is bound 47 days (1 visit per requirement), C2 only 42 (0 per requirement): C2 is listed apart with
    /// its 42 days and counted in no tally, so the district's summary is one official, not two "met".
    @Test func officialsWhoOweNothingAreShownApart() throws {
        let outcomes = try engine(
            [F.official("C"), F.official("C2")],
            [F.position("C", "D", .standingMember), F.position("C2", "D", .standingMember)],
            [F.assignment("C", ["X"], from: "15/05/2025"), F.assignment("C2", ["X"], from: "20/05/2025")],
            [F.visit("C", "X", "20/05/2025")]
        ).evaluate(period: q2)
        let report = report(outcomes)
        let officials = try #require(report.table("officials")?.rows)
        #expect(officials.map { $0[0] } == [.text("C"), .text("C")])
        let apart = try #require(report.table("owing_nothing")?.rows)
        #expect(apart.map { $0[0] } == [.text("C2"), .text("C2")])
        #expect(apart.map { $0[6] } == [.integer(42), .integer(42)])
        #expect(apart[0][3].code == "district")
        #expect(apart[0][5].code == "1 of grassroots")
        let district = try #require(report.table("by_level")?.rows.first)
        // officials, officials met, required, done, short: C met the committee, not the residential cell.
        #expect(district[0].code == "district")
        #expect(Array(district[1...5]) == [.integer(1), .ratio(part: 0, whole: 1), .integer(2), .integer(1), .integer(1)])
    }

    /// E2, a provincial executive member following Y (not especially difficult), owes nothing under any rule;
    /// the report for E2 still lists the visit, with the verdict `no_rule`.
    @Test func visitsOfAnOfficialBoundByNoRuleAreListed() throws {
        let visit = F.visit("E2", "Y.C1", "12/04/2025")
        let outcomes = try engine(
            [F.official("E2")], [F.position("E2", "P", .executiveMember)], [F.assignment("E2", ["Y"])], [visit]
        ).evaluate(period: q2)
        #expect(outcomes.isEmpty)
        let visits = try #require(report(outcomes, unjudged: [visit], details: true).table("visits")?.rows)
        #expect(visits.count == 1)
        #expect(visits[0][3] == .text(visit.visitID))
        #expect(visits[0][7] == .coded(code: "no_rule", label: "Không có quy định nào áp dụng"))
    }

    /// A's assignment ends on 31/05: bound 61 days of Q2, 1 × 61/91 rounds to 1 visit per requirement, none
    /// made. On 31/05 A still owes both; from 01/06 nothing can be done about it any more, so `due` lists
    /// only K, who is still assigned.
    @Test func dueShowsNothingOnceTheAssignmentHasEnded() throws {
        let engine = try engine(
            [F.official("A"), F.official("K")],
            [F.position("A", "D", .standingMember), F.position("K", "D", .standingMember)],
            [F.assignment("A", ["X"], until: "31/05/2025"), F.assignment("K", ["X"])], [])
        func due(_ date: String) throws -> [ReportValue] {
            let day = F.day(date)
            let outcomes = engine.evaluate(period: Period.containing(day, kind: .month), asOf: day)
            let report = ComplianceReport.due(outcomes, on: day, levels: Level.standard, language: .vi)
            return try #require(report.table("due")?.rows).map { $0[0] }
        }
        #expect(try due("31/05/2025") == [.text("A"), .text("A"), .text("K"), .text("K")])
        #expect(try due("01/06/2025") == [.text("K"), .text("K")])
    }

    /// Coverage agrees with compliance: cells under an assigned commune are covered through it; a cell
    /// assigned itself is covered directly; Y's cell has nobody.
    @Test func cellsUnderAnAssignedCommuneAreCovered() throws {
        let since = try DayRange(from: F.day("01/01/2020"))
        let cells = ["X.C1", "X.C2", "X.C3", "Y.C1"].map {
            CellFacts(id: $0, name: F.tree[$0]!.name, regularMeetingDay: nil, active: since)
        }
        let report = CoverageReport.build(
            cells: cells, officials: [try F.official("A"), try F.official("B")],
            positions: [try F.position("A", "D", .standingMember), try F.position("B", "X", .committeeMember)],
            assignments: [try F.assignment("A", ["X"]), try F.assignment("B", ["X.C1"])], tree: F.tree, levels: Level.standard,
            scope: nil, on: F.day("10/05/2025"),
            language: .vi, details: true)
        let reach = try #require(report.table("cells_covered")?.rows).map { [$0[0], .text($0[2].code ?? ""), $0[3]] }
        #expect(
            reach == [
                [.text("X.C1"), .text("direct"), .text("X.C1")], [.text("X.C2"), .text("through_committee"), .text("X")],
                [.text("X.C3"), .text("through_committee"), .text("X")], [.text("Y.C1"), .text("none"), .none],
            ])
        #expect(try #require(report.table("cells_without_official")?.rows).map { $0[0] } == [.text("Y.C1")])
        let summary = try #require(report.table("coverage")?.rows)
        #expect(summary.map { $0[1] } == [.ratio(part: 1, whole: 4), .ratio(part: 2, whole: 4), .ratio(part: 1, whole: 4)])
        // Xã X is followed by one district official (A, assigned the commune) and one of its own (B, a cell).
        let perCommune = try #require(report.table("officials_per_commune")?.rows)
        #expect(
            perCommune.map { [$0[0], .text($0[2].code ?? ""), $0[3]] } == [
                [.text("X"), .text("district"), .integer(1)], [.text("X"), .text("grassroots"), .integer(1)],
            ])
    }
}

import ChiboModel
import Testing

/// Hand-computed scenarios under Kon Tum 776 (rules/kon-tum-776-2023.rules): yearly quotas, own cell excluded.
@Suite struct KonTumScenarioTests {
    typealias F = RuleSetFixtures
    let year = Period("2025")!

    func evaluate(
        _ officials: [Official], _ positions: [Position], _ assignments: [Assignment], _ visits: [VisitFacts],
        memberships: [Membership] = [], period: Period? = nil
    ) throws -> [RuleOutcome] {
        ComplianceEngine(
            ComplianceFacts(
                tree: F.tree, officials: officials, positions: positions, assignments: assignments, visits: visits,
                memberships: memberships, ruleSets: ["P": try F.shipped("kon-tum-776-2023.rules")]
            )
        ).evaluate(period: period ?? year)
    }

    /// A commune member who belongs to X.C2 visits it and five other cells: the own-cell visit does not
    /// count, so 5 of 6 are done.
    @Test func visitToOwnCellDoesNotCount() throws {
        let home = Membership(memberID: "DV9", cellID: "X.C2", days: try DayRange(from: F.day("01/01/2010")))
        let visits =
            [F.visit("K", "X.C2", "05/02/2025")] + ["03/03", "03/05", "03/07", "03/09", "31/12"].map { F.visit("K", "X.C1", "\($0)/2025") }
        let outcomes = try evaluate(
            [F.official("K", memberID: "DV9")], [F.position("K", "X", .committeeMember)], [F.assignment("K", ["X.C1", "X.C2"])],
            visits, memberships: [home])
        let k = try #require(outcomes.first)
        #expect(k.rule.id == "co-so")
        #expect(k.visits.map(\.verdict) == [.ownCell, .counted, .counted, .counted, .counted, .counted])
        #expect(k.requirements[0].required == 6)
        #expect(k.requirements[0].done == 5)
        #expect(k.short == 1)
    }

    /// A provincial member owes 2 a year; a visit dated 31/12 is inside the year.
    @Test func provincialMemberTwoAYearWithAVisitOnTheLastDay() throws {
        let outcomes = try evaluate(
            [F.official("T")], [F.position("T", "P", .executiveMember)], [F.assignment("T", ["D"])],
            [F.visit("T", "X", "15/06/2025"), F.visit("T", "Y.C1", "31/12/2025"), F.visit("T", "Y.C1", "01/01/2026")])
        let t = try #require(outcomes.first)
        #expect(t.requirements[0].required == 2)
        #expect(t.requirements[0].done == 2)
        #expect(t.visits.count == 2)
    }

    /// A district member assigned from 01/07 is bound 184 of 365 days: 6 × 184/365 = 3,02 → 3 owed.
    @Test func districtMemberAssignedMidYearOwesAProratedCount() throws {
        let outcomes = try evaluate(
            [F.official("U")], [F.position("U", "D", .standingMember)], [F.assignment("U", ["X"], from: "01/07/2025")],
            [F.visit("U", "X.C1", "10/08/2025"), F.visit("U", "X.C3", "10/09/2025")])
        let u = try #require(outcomes.first)
        #expect(u.boundDays == 184)
        #expect(u.requirements[0].required == 3)
        #expect(u.requirements[0].done == 2)
    }

    /// A quarter report under yearly rules shows the year to the quarter's end, marked as not over.
    @Test func quarterReportShowsTheYearToDate() throws {
        let outcomes = try evaluate(
            [F.official("U")], [F.position("U", "D", .standingMember)], [F.assignment("U", ["X"])],
            [F.visit("U", "X.C1", "10/02/2025"), F.visit("U", "X.C1", "10/08/2025")], period: Period("2025-Q1")!)
        let u = try #require(outcomes.first)
        #expect(u.period.code == "2025")
        #expect(u.partial)
        #expect(u.requirements[0].done == 1)
    }

    /// The rule set in force is chosen per unit subtree: Y's subtree may follow Kon Tum while the rest of
    /// the province follows Yên Bái.
    @Test func ruleSetIsSelectedByTheNearestSubtree() throws {
        let facts = ComplianceFacts(
            tree: F.tree, officials: [try F.official("A"), try F.official("B")],
            positions: [try F.position("A", "X", .committeeMember), try F.position("B", "Y", .committeeMember)],
            assignments: [try F.assignment("A", ["X.C1"]), try F.assignment("B", ["Y.C1"])], visits: [],
            ruleSets: ["P": try F.shipped("yen-bai-18-2019.rules"), "Y": try F.shipped("kon-tum-776-2023.rules")])
        let outcomes = ComplianceEngine(facts).evaluate(period: Period("2025-01")!)
        #expect(outcomes.map { "\($0.official.id):\($0.ruleSetID):\($0.period.code)" } == ["A:yen-bai-18:2025-01", "B:kon-tum-776:2025"])
    }
}

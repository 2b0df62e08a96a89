import ChiboModel
import Testing

/// Hand-computed scenarios under Yên Bái QĐ 18 (rules/yen-bai-18-2019.rules), Q2 2025 (91 days).
@Suite struct YenBaiScenarioTests {
    typealias F = RuleSetFixtures
    let q2 = Period("2025-Q2")!

    func engine(
        _ officials: [Official], _ positions: [Position], _ assignments: [Assignment], _ visits: [VisitFacts],
        statuses: [MemberStatusPeriod] = []
    ) throws -> ComplianceEngine {
        ComplianceEngine(
            ComplianceFacts(
                tree: F.tree, officials: officials, positions: positions, assignments: assignments, visits: visits,
                statuses: statuses, ruleSets: ["P": try F.shipped("yen-bai-18-2019.rules")]))
    }

    func outcome(_ outcomes: [RuleOutcome], _ official: String, _ period: String? = nil) throws -> RuleOutcome {
        try #require(outcomes.first { $0.official.id == official && (period == nil || $0.period.code == period) })
    }

    /// A district member who visited two residential cells but not the commune committee is short one:
    /// the second cell visit does not stand in for the committee.
    @Test func twoResidentialCellsButNoCommuneCommitteeIsShortOne() throws {
        let outcomes = try engine(
            [F.official("A")], [F.position("A", "D", .executiveMember)], [F.assignment("A", ["X"])],
            [F.visit("A", "X.C1", "03/04/2025"), F.visit("A", "X.C2", "03/05/2025")]
        ).evaluate(period: q2)
        let a = try outcome(outcomes, "A")
        #expect(a.rule.id == "huyen")
        #expect(a.requirements.map(\.required) == [1, 1])
        #expect(a.requirements.map(\.done) == [0, 2])
        #expect(a.requirements.map(\.short) == [1, 0])
        #expect(a.short == 1)
        #expect(a.visits.map(\.verdict) == [.counted, .counted])
    }

    /// A grassroots committee member owes one visit a month; missing May leaves the quarter short one,
    /// and a visit dated on the last day of the quarter (30/06) counts for June.
    @Test func grassrootsMemberWhoMissedOneMonthOfTheQuarter() throws {
        let outcomes = try engine(
            [F.official("B")], [F.position("B", "X", .committeeMember)], [F.assignment("B", ["X.C1"])],
            [F.visit("B", "X.C1", "03/04/2025"), F.visit("B", "X.C1", "30/06/2025"), F.visit("B", "X.C1", "01/07/2025")]
        ).evaluate(period: q2)
        #expect(outcomes.map(\.period.code) == ["2025-04", "2025-05", "2025-06"])
        #expect(outcomes.map(\.short) == [0, 1, 0])
        let june = try outcome(outcomes, "B", "2025-06")
        #expect(june.visits.map(\.visit.date) == [F.day("30/06/2025")])
        #expect(june.requirements[0].done == 1)

        let report = ComplianceReport.build(outcomes, period: q2, tree: F.tree, levels: Level.standard, language: .vi, details: false)
        let row = try #require(report.table("officials")?.rows.first)
        // periods met, required, done, short
        #expect(Array(row[6...9]) == [.ratio(part: 2, whole: 3), .integer(3), .integer(2), .integer(1)])
    }

    /// A summary has no use for each visit's verdict: without them the engine counts the same and lists none.
    @Test func countsAreTheSameWithoutTheVisitsListed() throws {
        let engine = try engine(
            [F.official("A"), F.official("B")],
            [F.position("A", "D", .executiveMember), F.position("B", "X", .committeeMember)],
            [F.assignment("A", ["X"]), F.assignment("B", ["X.C1"])],
            [
                F.visit("A", "X.C1", "03/04/2025"), F.visit("A", "X.C2", "03/05/2025"), F.visit("B", "X.C1", "03/04/2025"),
                F.visit("B", "X.C1", "30/06/2025"), F.visit("B", "Y", "02/05/2025"),
            ])
        let listed = engine.evaluate(period: q2)
        let counted = engine.evaluate(period: q2, keepingVisits: false)
        #expect(listed.flatMap(\.visits).count == 5)
        #expect(counted.allSatisfy { $0.visits.isEmpty })
        #expect(counted.map(\.requirements) == listed.map(\.requirements))
        #expect(counted.map(\.period) == listed.map(\.period))
    }

    /// An engine given new visits judges as one built with them from the start.
    @Test func addingVisitsToAnEngineJudgesAsBuildingItAgain() throws {
        let officials = try [F.official("A"), F.official("B")]
        let positions = try [F.position("A", "D", .executiveMember), F.position("B", "X", .committeeMember)]
        let assignments = try [F.assignment("A", ["X"]), F.assignment("B", ["X.C1"])]
        let first = [F.visit("A", "X.C1", "03/04/2025"), F.visit("B", "X.C1", "30/06/2025")]
        let later = [F.visit("B", "X.C1", "03/04/2025"), F.visit("A", "X", "02/05/2025"), F.visit("B", "X.C1", "20/05/2025")]
        let added = try engine(officials, positions, assignments, first).adding(visits: later)
        let built = try engine(officials, positions, assignments, first + later)
        #expect(added.evaluate(period: q2) == built.evaluate(period: q2))
        #expect(added.facts.visits.count == 5)
    }

    /// An engine given other memberships and exemptions judges as one built with them from the start.
    @Test func replacingExemptionsInAnEngineJudgesAsBuildingItAgain() throws {
        let officials = try [F.official("A", memberID: "A")]
        let positions = try [F.position("A", "D", .executiveMember)]
        let assignments = try [F.assignment("A", ["X"])]
        let visits = [F.visit("A", "X.C1", "03/04/2025"), F.visit("A", "X.C2", "03/05/2025")]
        let exempt = try MemberStatusPeriod(
            memberID: "A", status: .exempt, reason: "sức khỏe", days: DayRange(from: F.day("01/04/2025"), until: F.day("31/05/2025")))
        let replaced = try engine(officials, positions, assignments, visits).replacing(memberships: [], statuses: [exempt])
        let built = try engine(officials, positions, assignments, visits, statuses: [exempt])
        #expect(replaced.evaluate(period: q2) == built.evaluate(period: q2))
        #expect(replaced.evaluate(period: q2) != (try engine(officials, positions, assignments, visits).evaluate(period: q2)))
    }

    /// Q2 has 91 days. An assignment from 15/05 binds 47 of them: 1 × 47/91 rounds to 1 visit per
    /// requirement. One from 20/05 binds 42: 1 × 42/91 rounds to 0. A visit before the assignment is not bound.
    @Test func assignmentStartingMidQuarterIsProrated() throws {
        let facts = try engine(
            [F.official("C"), F.official("C2")],
            [F.position("C", "D", .standingMember), F.position("C2", "D", .standingMember)],
            [F.assignment("C", ["X"], from: "15/05/2025"), F.assignment("C2", ["X"], from: "20/05/2025")],
            [F.visit("C", "X", "10/05/2025"), F.visit("C", "X", "20/05/2025")])
        let outcomes = facts.evaluate(period: q2)
        let c = try outcome(outcomes, "C")
        #expect(c.boundDays == 47)
        #expect(c.requirements.map(\.required) == [1, 1])
        #expect(c.requirements.map(\.done) == [1, 0])
        #expect(c.visits.map(\.verdict) == [.notBound, .counted])
        let c2 = try outcome(outcomes, "C2")
        #expect(c2.boundDays == 42)
        #expect(c2.requirements.map(\.required) == [0, 0])
        #expect(c2.short == 0)
    }

    /// A visit to a unit outside the official's assignments does not count, and says why.
    @Test func visitToAnUnassignedUnitDoesNotCount() throws {
        let outcomes = try engine(
            [F.official("A")], [F.position("A", "D", .executiveMember)], [F.assignment("A", ["X"])],
            [F.visit("A", "Y.C1", "03/04/2025"), F.visit("A", "X", "10/04/2025"), F.visit("A", "X.C3", "11/04/2025")]
        ).evaluate(period: q2)
        let a = try outcome(outcomes, "A")
        #expect(a.visits.map(\.verdict) == [.notAssigned, .counted, .otherUnitKind])
        #expect(a.requirements.map(\.done) == [1, 0])
    }

    /// Provincial executive members are bound only by assignments to especially difficult communes.
    @Test func provincialExecutiveOnlyForEspeciallyDifficultCommunes() throws {
        let outcomes = try engine(
            [F.official("E1"), F.official("E2")],
            [F.position("E1", "P", .executiveMember), F.position("E2", "P", .executiveMember)],
            [F.assignment("E1", ["X"]), F.assignment("E2", ["Y"])],
            [F.visit("E1", "X", "05/04/2025"), F.visit("E1", "X.C2", "05/05/2025")]
        ).evaluate(period: q2)
        #expect(outcomes.map(\.official.id) == ["E1"])
        #expect(try outcome(outcomes, "E1").short == 0)
    }

    /// A change of position inside the period: days under each position add up under the rule that selects both.
    @Test func positionChangeKeepsTheRuleWhenBothPositionsAreSelected() throws {
        let outcomes = try engine(
            [F.official("G")],
            [F.position("G", "D", .executiveMember, until: "30/04/2025"), F.position("G", "D", .standingMember, from: "01/05/2025")],
            [F.assignment("G", ["X"])], [F.visit("G", "X", "02/04/2025"), F.visit("G", "X.C1", "02/06/2025")]
        ).evaluate(period: q2)
        #expect(outcomes.count == 1)
        let g = try outcome(outcomes, "G")
        #expect(g.boundDays == 91)
        #expect(g.short == 0)
    }

    /// An official exempt from party activity (miễn sinh hoạt) for all of May is bound for 61 days of Q2:
    /// 1 × 61/91 rounds to 1 per requirement; under the monthly rule May is not owed at all.
    @Test func excusedPeriodReducesWhatIsOwed() throws {
        let exempt = try MemberStatusPeriod(
            memberID: "DV1", status: .exempt, reason: "Sức khỏe",
            days: DayRange(from: F.day("01/05/2025"), until: F.day("31/05/2025")))
        let outcomes = try engine(
            [F.official("H", memberID: "DV1")], [F.position("H", "X", .committeeMember)], [F.assignment("H", ["X.C1"])],
            [F.visit("H", "X.C1", "03/04/2025"), F.visit("H", "X.C1", "03/06/2025")], statuses: [exempt]
        ).evaluate(period: q2)
        #expect(outcomes.map(\.period.code) == ["2025-04", "2025-06"])
        #expect(outcomes.allSatisfy { $0.short == 0 })
    }

    @Test func dueListsWhatIsStillOwedAndDaysLeft() throws {
        let engine = try engine(
            [F.official("A"), F.official("B")],
            [F.position("A", "D", .executiveMember), F.position("B", "X", .committeeMember)],
            [F.assignment("A", ["X"]), F.assignment("B", ["X.C1"])],
            [F.visit("A", "X.C1", "03/04/2025"), F.visit("B", "X.C1", "03/05/2025")])
        let today = F.day("10/05/2025")
        let outcomes = engine.evaluate(period: Period.containing(today, kind: .month), asOf: today)
        let due = ComplianceReport.due(outcomes, on: today, levels: Level.standard, language: .vi)
        let rows = try #require(due.table("due")?.rows)
        // A still owes the commune committee in Q2 (51 days left); B has made May's visit.
        #expect(rows.count == 1)
        #expect(rows[0][0] == .text("A"))
        #expect(rows[0][5].code == "2025-Q2")
        #expect(rows[0][8] == .integer(1))
        #expect(rows[0][10] == .integer(51))
    }
}

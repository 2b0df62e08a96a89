import ChiboModel
import Testing

/// The engine keeps each official's outcomes for the periods reports asked for; these show that what it keeps
/// is never served once the facts under it changed, and that it answers as judging afresh does.
@Suite struct OutcomeMemoTests {
    typealias F = RuleSetFixtures
    let q2 = Period("2025-Q2")!
    let year = Period("2025")!

    func engine(_ visits: [VisitFacts], statuses: [MemberStatusPeriod] = []) throws -> ComplianceEngine {
        ComplianceEngine(
            ComplianceFacts(
                tree: F.tree, officials: [try F.official("A", memberID: "A"), try F.official("B")],
                positions: [try F.position("A", "D", .executiveMember), try F.position("B", "X", .committeeMember)],
                assignments: [try F.assignment("A", ["X"]), try F.assignment("B", ["X.C1"])], visits: visits, statuses: statuses,
                ruleSets: ["P": try F.shipped("yen-bai-18-2019.rules")]))
    }

    let first = [F.visit("A", "X.C1", "03/04/2025"), F.visit("B", "X.C1", "30/06/2025")]
    let later = [F.visit("B", "X.C1", "03/04/2025"), F.visit("A", "X", "02/05/2025"), F.visit("B", "X.C1", "20/05/2025")]

    func summary(_ engine: ComplianceEngine, _ period: Period, asOf: CalendarDay? = nil, scope: String? = nil) -> [RuleOutcome] {
        engine.evaluate(period: period, asOf: asOf, scope: scope, keepingVisits: false)
    }

    @Test func askedAgainTheEngineAnswersAsAtFirst() throws {
        let engine = try engine(first + later)
        let once = summary(engine, q2)
        #expect(summary(engine, q2) == once)
        #expect(summary(engine, year) == summary(try self.engine(first + later), year))
        // Up to a day, the outcomes are kept apart from the whole period's.
        let asOf = F.day("15/04/2025")
        #expect(summary(engine, q2, asOf: asOf) != once)
        #expect(summary(engine, q2, asOf: asOf) == summary(try self.engine(first + later), q2, asOf: asOf))
    }

    /// A report of one committee first keeps its officials alone; the whole tree after it judges the rest.
    @Test func aScopeFirstThenTheWholeTreeAnswersAsTheWholeTreeAlone() throws {
        let engine = try engine(first + later)
        let scoped = summary(engine, q2, scope: "X")
        #expect(scoped.map(\.official.id).allSatisfy { $0 == "B" })
        #expect(summary(engine, q2) == summary(try self.engine(first + later), q2))
        #expect(summary(engine, q2, scope: "X") == scoped)
    }

    @Test func newVisitsAreJudgedAfterAnEarlierReport() throws {
        var engine = try engine(first)
        let before = summary(engine, q2)
        let kept = engine
        engine.add(visits: later)
        let after = summary(engine, q2)
        #expect(after == summary(try self.engine(first + later), q2))
        #expect(after != before)
        // The engine held before the visits still answers from its own facts.
        #expect(summary(kept, q2) == before)
        #expect(summary(kept.adding(visits: later), q2) == after)
    }

    @Test func newExemptionsAreJudgedAfterAnEarlierReport() throws {
        let exempt = try MemberStatusPeriod(
            memberID: "A", status: .exempt, reason: "sức khỏe", days: DayRange(from: F.day("01/04/2025"), until: F.day("31/05/2025")))
        let engine = try engine(first + later)
        let before = summary(engine, q2)
        let replaced = engine.replacing(memberships: [], statuses: [exempt])
        let after = summary(replaced, q2)
        #expect(after == summary(try self.engine(first + later, statuses: [exempt]), q2))
        #expect(after != before)
        #expect(summary(engine, q2) == before)
        // And back: the exemption withdrawn.
        #expect(summary(replaced.replacing(memberships: [], statuses: []), q2) == before)
    }

    /// Outcomes with their visits are not kept: asking for them after a summary still lists every visit.
    @Test func outcomesWithTheirVisitsAreJudgedEachTime() throws {
        let engine = try engine(first + later)
        _ = summary(engine, q2)
        #expect(engine.evaluate(period: q2).flatMap(\.visits).count == 5)
    }
}

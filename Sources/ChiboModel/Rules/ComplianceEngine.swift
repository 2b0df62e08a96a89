import Algorithms

/// Why a visit did or did not count towards a rule.
public enum VisitVerdict: String, Sendable, Codable, CaseIterable {
    case counted
    /// On that day the official held no position the rule selects, had no assignment it selects, or was excused.
    case notBound = "not_bound"
    /// The unit is not one the official was assigned to on that day (nor inside one).
    case notAssigned = "not_assigned"
    /// The official's own cell, and the rule says such visits do not count.
    case ownCell = "own_cell"
    /// The unit is not of a kind any requirement of the rule asks for.
    case otherUnitKind = "other_unit_kind"
    /// No rule binds the official in the period at all (a provincial member following a commune that is not
    /// especially difficult, under a rule only for those): shown so that the official's visits are never lost.
    case noRule = "no_rule"
}

public struct JudgedVisit: Hashable, Sendable {
    public let visit: VisitFacts
    public let verdict: VisitVerdict
    /// The requirement (index into the rule's requirements) the visit counted towards.
    public let requirement: Int?
}

public struct RequirementOutcome: Hashable, Sendable {
    public let requirement: Requirement
    public let required: Int
    public let done: Int
    public var short: Int { max(0, required - done) }
}

/// One official under one rule in one of the rule's own periods.
public struct RuleOutcome: Hashable, Sendable {
    public let official: Official
    public let ruleSetID: String
    public let rule: Rule
    /// The committee of the position that put the official under the rule (the latest one in the period).
    public let committeeID: String
    public let period: Period
    /// Days of the period on which the official was bound by the rule.
    public let boundDays: Int
    /// The last day of the period on which the official was bound: after it (an assignment that ended, a
    /// position given up) nothing more can be done towards the rule in this period.
    public let lastBoundDay: CalendarDay
    /// Visits were only looked at up to this day (the period is not over yet).
    public let cutoff: CalendarDay
    public let requirements: [RequirementOutcome]
    /// Every visit of the official in the period up to the cutoff, with its verdict; empty when the engine was
    /// asked not to keep them.
    public let visits: [JudgedVisit]

    public var partial: Bool { cutoff < period.last }
    public var short: Int { requirements.reduce(0) { $0 + $1.short } }
}

/// The compliance engine: pure and deterministic (same facts, same answer, in the same order).
///
/// The documented rules (docs/rules.md):
/// - An official is bound by a rule on a day when they hold a position the rule selects (role, and level of
///   the committee, the committee governed by this rule set), have an assignment in force that the rule
///   selects, and are not exempt from party activity. Position changes are just days under one rule or another.
/// - Required visits: the rule's count when bound for the whole period; otherwise the count scaled by the
///   share of days bound, rounded half up (an assignment from 15/05 owes 1 × 47/91 → 1 in Q2).
/// - A visit counts when made on a bound day, to a unit inside the units assigned that day, of a kind a
///   requirement names (and not the official's own cell when the rule excludes it). It goes to the first
///   requirement that names its kind and is not yet met, else to the first that names its kind.
public struct ComplianceEngine: Sendable {
    public private(set) var facts: ComplianceFacts
    /// The officials' names in Vietnamese order, for the reports' sorting (their keys cost more than the rules).
    public let officialNames: PersonOrder
    private let positionsByOfficial: [String: [Position]]
    private let assignmentsByOfficial: [String: [Assignment]]
    private var visitsByOfficial: [String: [VisitFacts]]
    private var membershipsByMember: [String: [Membership]]
    private var exemptionsByMember: [String: [DayRange]]
    /// Each official's place in the facts' officials, which is their place in the memo.
    private let officialPlaces: [String: Int]
    /// The rule sets' rules numbered, for the memo: by set, the number of each version's first rule.
    private let ruleNumbers: [String: [Int]]
    private let rules: [(setID: String, rule: Rule)]
    private var memo = OutcomeMemo()

    public init(_ facts: ComplianceFacts) {
        self.facts = facts
        officialNames = PersonOrder(facts.officials.map(\.fullName))
        officialPlaces = Dictionary(facts.officials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ruleNumbers: [String: [Int]] = [:]
        var rules: [(setID: String, rule: Rule)] = []
        for set in facts.ruleSets.values.sorted(by: { $0.id < $1.id }) where ruleNumbers[set.id] == nil {
            ruleNumbers[set.id] = set.versions.map { version in
                defer { rules += version.rules.map { (set.id, $0) } }
                return rules.count
            }
        }
        (self.ruleNumbers, self.rules) = (ruleNumbers, rules)
        positionsByOfficial = Dictionary(grouping: facts.positions, by: \.officialID)
        assignmentsByOfficial = Dictionary(grouping: facts.assignments, by: \.officialID)
        visitsByOfficial = Dictionary(grouping: facts.visits, by: \.officialID).mapValues { $0.sorted(by: Self.byDay) }
        (membershipsByMember, exemptionsByMember) = Self.byMember(facts.memberships, facts.statuses)
    }

    private static func byMember(_ memberships: [Membership], _ statuses: [MemberStatusPeriod]) -> (
        [String: [Membership]], [String: [DayRange]]
    ) {
        (
            Dictionary(grouping: memberships, by: \.memberID),
            Dictionary(grouping: statuses.filter { $0.status == .exempt }, by: \.memberID).mapValues { $0.map(\.days) }
        )
    }

    /// The engine over the same facts with the officials' own memberships and statuses replaced: what a write of
    /// a membership or an exemption changes, without the rest being grouped and keyed again.
    public func replacing(memberships: [Membership], statuses: [MemberStatusPeriod]) -> ComplianceEngine {
        var engine = self
        engine.facts.memberships = memberships
        engine.facts.statuses = statuses
        (engine.membershipsByMember, engine.exemptionsByMember) = Self.byMember(memberships, statuses)
        // Only the officials whose own memberships or exemptions changed are judged again.
        var changed = Set<Int>()
        for (place, official) in facts.officials.enumerated() {
            guard let member = official.memberID else { continue }
            if membershipsByMember[member] != engine.membershipsByMember[member]
                || exemptionsByMember[member] != engine.exemptionsByMember[member]
            {
                changed.insert(place)
            }
        }
        engine.memo = memo.forgetting(changed)
        return engine
    }

    private static func byDay(_ a: VisitFacts, _ b: VisitFacts) -> Bool { (a.date, a.visitID) < (b.date, b.visitID) }

    /// The engine over the same facts with `visits` added: only the officials who made them are looked at
    /// again, so a report right after a new visit does not group every visit of the period anew.
    public func adding(visits: [VisitFacts]) -> ComplianceEngine {
        var engine = self
        engine.add(visits: visits)
        return engine
    }

    /// Adds `visits` in place: an engine held once is not copied, where `adding(visits:)` copies the period's
    /// visits and their grouping by official.
    public mutating func add(visits: [VisitFacts]) {
        facts.visits += visits
        var changed = Set<Int>()
        for (official, added) in Dictionary(grouping: visits, by: \.officialID) {
            visitsByOfficial[official, default: []] += added
            visitsByOfficial[official]!.sort(by: Self.byDay)
            if let place = officialPlaces[official] { changed.insert(place) }
        }
        memo = memo.forgetting(changed)
    }

    /// The unit whose rule set governs `committeeID`: the nearest one up the tree that has one.
    public func governingRuleSet(of committeeID: String) -> RuleSet? {
        for id in facts.tree.lineage(of: committeeID) { if let set = facts.ruleSets[id] { return set } }
        return nil
    }

    /// Every official whose position committee lies in `scope` (all when nil), under every rule of the rule
    /// set governing that committee, for each of the rule's periods inside `period` (or, for a rule with a
    /// longer period, the one containing `period`). Visits after `asOf` are not looked at. Without
    /// `keepingVisits` the visits are counted but not listed in the outcomes (a summary has no use for them).
    public func evaluate(
        period: Period, asOf: CalendarDay? = nil, officialID: String? = nil, scope: String? = nil, keepingVisits: Bool = true
    ) -> [RuleOutcome] {
        let cutoff = min(asOf ?? period.last, period.last)
        var periods = RulePeriods(period)
        // Outcomes without their visits are what a report of many officials asks for: those are kept.
        let key = OutcomeMemo.Key(period: period, cutoff: cutoff)
        let memoized = !keepingVisits && officialID == nil
        var judged = memoized ? memo.judged(key) ?? Array(repeating: nil, count: facts.officials.count) : []
        var judgedAny = false
        var interned = KeptOutcomes.Interned()
        var outcomes: [RuleOutcome] = []
        for (place, official) in facts.officials.enumerated() where officialID == nil || official.id == officialID {
            let positions = positionsByOfficial[official.id] ?? []
            guard !positions.isEmpty else { continue }
            if let scope, !positions.contains(where: { facts.tree.isWithin($0.committeeID, scope) }) { continue }
            if memoized, let known = judged[place] {
                outcomes += expanded(known, of: official)
                continue
            }
            let made = self.outcomes(of: official, positions, &periods, cutoff: cutoff, keepingVisits: keepingVisits)
            outcomes += made.map(\.outcome)
            if memoized {
                var kept = KeptOutcomes()
                for (outcome, rule) in made { kept.append(outcome, rule: rule, interning: &interned) }
                judged[place] = kept
                judgedAny = true
            }
        }
        if judgedAny { memo.keep(judged, for: key) }
        return outcomes
    }

    /// An official's kept outcomes, whole again.
    private func expanded(_ kept: KeptOutcomes, of official: Official) -> [RuleOutcome] {
        kept.outcomes.map { outcome in
            let (setID, rule) = rules[Int(outcome.rule)]
            return RuleOutcome(
                official: official, ruleSetID: setID, rule: rule, committeeID: outcome.committeeID, period: outcome.period,
                boundDays: Int(outcome.boundDays), lastBoundDay: CalendarDay(ordinal: Int(outcome.lastBoundDay)),
                cutoff: CalendarDay(ordinal: Int(outcome.cutoff)), requirements: outcome.requirements, visits: [])
        }
    }

    /// A report period's periods of each kind of rule period, split once per report rather than per official.
    private struct RulePeriods {
        let period: Period
        private var splits: [PeriodKind: [Period]] = [:]

        init(_ period: Period) { self.period = period }

        /// The rule's periods inside the report's, or for a rule with a longer period the one containing it.
        mutating func of(_ kind: PeriodKind) -> [Period] {
            if let known = splits[kind] { return known }
            let made = kind <= period.kind ? period.split(into: kind) : [Period.containing(period.last, kind: kind)]
            splits[kind] = made
            return made
        }
    }

    /// One official's outcomes under every rule that binds them in the report's period, each with its rule's number.
    private func outcomes(
        of official: Official, _ positions: [Position], _ periods: inout RulePeriods, cutoff: CalendarDay, keepingVisits: Bool
    ) -> [(outcome: RuleOutcome, rule: Int)] {
        var outcomes: [(outcome: RuleOutcome, rule: Int)] = []
        // The (rule, period) pairs judged for this official: a handful, searched rather than hashed.
        var seen: [(rule: String, period: Period)] = []
        var governing: [(set: RuleSet, positions: [Position])] = []
        for position in positions {
            guard let set = governingRuleSet(of: position.committeeID) else { continue }
            if let index = governing.firstIndex(where: { $0.set.id == set.id }) {
                governing[index].positions.append(position)
            } else {
                governing.append((set, [position]))
            }
        }
        // What does not change from one of a rule's periods to the next is looked up once per official and
        // rule: a monthly rule's twelve periods share it.
        let own = Own(
            assignments: assignmentsByOfficial[official.id] ?? [], visits: visitsByOfficial[official.id] ?? [],
            excused: official.memberID.map { exemptionsByMember[$0] ?? [] } ?? [],
            memberships: official.memberID.map { membershipsByMember[$0] ?? [] } ?? [])
        for (set, held) in governing {
            for (version, first) in zip(set.versions, ruleNumbers[set.id] ?? []) {
                for (number, rule) in zip(first..., version.rules) {
                    let rulePeriods = periods.of(rule.period)
                    let selected = held.filter { rule.applies(to: $0.role, committeeLevel: facts.tree[$0.committeeID]?.level ?? "") }
                    let assignments = own.assignments.compactMap { assignment -> (DayRange, [String])? in
                        let units = assignment.unitIDs.filter {
                            !rule.onlyEspeciallyDifficult || facts.tree[$0]?.especiallyDifficult == true
                        }
                        return units.isEmpty ? nil : (assignment.valid, units)
                    }
                    // The days bound are worked out once over all of the rule's periods; each period takes its slice.
                    let bound = Self.boundDays(
                        selected, assignments, own.excused, from: rulePeriods[0].first.ordinal, through: rulePeriods.last!.last.ordinal)
                    guard !bound.isEmpty else { continue }
                    for rulePeriod in rulePeriods where set.version(for: rulePeriod)?.effective == version.effective {
                        guard !seen.contains(where: { $0.period == rulePeriod && $0.rule == rule.id }) else { continue }
                        seen.append((rule.id, rulePeriod))
                        let days = bound.clipped(from: rulePeriod.first.ordinal, through: rulePeriod.last.ordinal)
                        guard !days.isEmpty else { continue }
                        let outcome = judge(
                            official, set.id, rule, selected, assignments, own, rulePeriod, bound: days,
                            cutoff: min(cutoff, rulePeriod.last), keepingVisits: keepingVisits)
                        outcomes.append((outcome, number))
                    }
                }
            }
        }
        return outcomes
    }

    /// The days from `first` through `last` on which the official held a selected position and a selected
    /// assignment and was not excused.
    private static func boundDays(
        _ selected: [Position], _ assignments: [(DayRange, [String])], _ excused: [DayRange], from first: Int, through last: Int
    ) -> DaySpans {
        let positionDays = DaySpans(selected.map(\.term), from: first, through: last)
        guard !positionDays.isEmpty else { return positionDays }
        let assignedDays = DaySpans(assignments.map(\.0), from: first, through: last)
        guard !assignedDays.isEmpty else { return assignedDays }
        let bound = positionDays.intersection(assignedDays)
        return excused.isEmpty ? bound : bound.subtracting(DaySpans(excused, from: first, through: last))
    }

    /// An official's own facts, looked up once for all the rules and periods they are judged under.
    private struct Own {
        let assignments: [Assignment]
        /// By day.
        let visits: [VisitFacts]
        let excused: [DayRange]
        let memberships: [Membership]
    }

    /// One official under one rule in one period: `selected` are the positions the rule selects, `assignments`
    /// the days and units of each assignment the rule selects, `bound` the period's days bound (not none).
    private func judge(
        _ official: Official, _ setID: String, _ rule: Rule, _ selected: [Position], _ assignments: [(DayRange, [String])], _ own: Own,
        _ period: Period, bound: DaySpans, cutoff: CalendarDay, keepingVisits: Bool
    ) -> RuleOutcome {
        let tree = facts.tree
        let first = period.first
        let whole = bound.count == period.dayCount
        let required = rule.requirements.map { whole ? $0.count : (2 * $0.count * bound.count + period.dayCount) / (2 * period.dayCount) }
        var done = Array(repeating: 0, count: rule.requirements.count)
        var judged: [JudgedVisit] = []
        func note(_ visit: VisitFacts, _ verdict: VisitVerdict, _ requirement: Int? = nil) {
            if keepingVisits { judged.append(JudgedVisit(visit: visit, verdict: verdict, requirement: requirement)) }
        }
        // The visits are by day: the period's start at once, not a walk through the year before it.
        var index = own.visits.partitioningIndex { $0.date >= first }
        while index < own.visits.count, own.visits[index].date <= cutoff {
            let visit = own.visits[index]
            index += 1
            guard bound.contains(visit.date) else {
                note(visit, .notBound)
                continue
            }
            let assigned = assignments.contains { days, units in
                days.contains(visit.date) && units.contains { tree.isWithin(visit.unitID, $0) }
            }
            guard assigned else {
                note(visit, .notAssigned)
                continue
            }
            if !rule.ownCellCounts, own.memberships.contains(where: { $0.cellID == visit.unitID && $0.days.contains(visit.date) }) {
                note(visit, .ownCell)
                continue
            }
            guard let unit = tree[visit.unitID] else {
                note(visit, .otherUnitKind)
                continue
            }
            // The first requirement naming the unit's kind that is not yet met, else the first naming it at all.
            var firstMatching: Int?
            var target: Int?
            for index in rule.requirements.indices
            where rule.requirements[index].targets.contains(where: { $0.matches(level: unit.level, residential: unit.residential) }) {
                if firstMatching == nil { firstMatching = index }
                if done[index] < required[index] {
                    target = index
                    break
                }
            }
            guard let counted = target ?? firstMatching else {
                note(visit, .otherUnitKind)
                continue
            }
            done[counted] += 1
            note(visit, .counted, counted)
        }
        // The latest-starting selected position held during the period.
        var latest: Position?
        for position in selected where position.term.overlaps(period.days) {
            if latest == nil || latest!.term.start < position.term.start { latest = position }
        }
        let committee = latest?.committeeID ?? selected[0].committeeID
        return RuleOutcome(
            official: official, ruleSetID: setID, rule: rule, committeeID: committee, period: period, boundDays: bound.count,
            lastBoundDay: CalendarDay(ordinal: bound.last!), cutoff: cutoff,
            requirements: rule.requirements.indices.map {
                RequirementOutcome(requirement: rule.requirements[$0], required: required[$0], done: done[$0])
            },
            visits: judged)
    }
}

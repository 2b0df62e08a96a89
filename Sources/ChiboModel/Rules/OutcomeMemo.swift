import Synchronization

/// Each official's outcomes, as judged for a report period, kept with the engine that judged them.
///
/// An official's outcomes depend only on the engine's facts, so they hold for as long as the engine does; a
/// report of the whole tree then judges only the officials no earlier report of that period judged. The engine
/// given new visits, memberships or exemptions keeps a copy without the officials those touch
/// (`ComplianceEngine.adding(visits:)`, `replacing(memberships:statuses:)`): a report right after a write judges
/// those officials alone. Only outcomes without their visits are kept; those with them are for one official or
/// for details, and cost far more to hold.
///
/// Outcomes are kept in a compact form (`KeptOutcomes`): kept whole, the province's year made the daemon 4 MB
/// larger with 64 clients connected (63 MB against 59 MB, docs/PERFORMANCE.md, "Fifth round").
final class OutcomeMemo: Sendable {
    struct Key: Hashable {
        let period: Period
        let cutoff: CalendarDay
    }

    /// By key, each official's outcomes in the order of the facts' officials; nil for one not judged yet.
    typealias Judged = [KeptOutcomes?]

    /// How many report periods are kept: a year, its quarter, a month and the day's `due` fit.
    static let capacity = 4

    private let kept: Mutex<[(key: Key, judged: Judged)]>

    init() { kept = Mutex([]) }

    private init(_ kept: [(key: Key, judged: Judged)]) { self.kept = Mutex(kept) }

    func judged(_ key: Key) -> Judged? {
        kept.withLock { kept in kept.first { $0.key == key }?.judged }
    }

    /// Keeps `judged` for `key`, in place of what was kept for it, the newest last.
    func keep(_ judged: Judged, for key: Key) {
        kept.withLock { kept in
            kept.removeAll { $0.key == key }
            kept.append((key, judged))
            if kept.count > Self.capacity { kept.removeFirst() }
        }
    }

    /// A memo for an engine whose facts differ from this one's only in what the officials at `officials`
    /// (places in the facts' officials) are judged by. With none, both engines judge alike and share this one.
    func forgetting(_ officials: Set<Int>) -> OutcomeMemo {
        guard !officials.isEmpty else { return self }
        return OutcomeMemo(
            kept.withLock { kept in
                kept.map { entry in
                    var judged = entry.judged
                    for official in officials where official < judged.count { judged[official] = nil }
                    return (entry.key, judged)
                }
            })
    }
}

/// One official's outcomes as kept: what differs from one outcome to the next. The official and the rule are the
/// engine's own, given back by `ComplianceEngine` when the outcomes are asked for again.
struct KeptOutcomes: Sendable {
    struct Outcome: Sendable {
        /// The rule's place in the engine's numbering of its rule sets' rules.
        let rule: Int32
        let boundDays: Int32
        let lastBoundDay: Int32
        let cutoff: Int32
        let committeeID: String
        let period: Period
        /// Shared with every outcome kept with the same counts (`Interned`): a few dozen arrays serve a year.
        let requirements: [RequirementOutcome]
    }

    /// The requirements' outcomes met so far, each array kept once.
    typealias Interned = [[RequirementOutcome]: [RequirementOutcome]]

    private(set) var outcomes: [Outcome] = []

    mutating func append(_ outcome: RuleOutcome, rule: Int, interning interned: inout Interned) {
        let requirements = interned[outcome.requirements] ?? outcome.requirements
        interned[requirements] = requirements
        outcomes.append(
            Outcome(
                rule: Int32(rule), boundDays: Int32(outcome.boundDays), lastBoundDay: Int32(outcome.lastBoundDay.ordinal),
                cutoff: Int32(outcome.cutoff.ordinal), committeeID: outcome.committeeID, period: outcome.period,
                requirements: requirements))
    }
}

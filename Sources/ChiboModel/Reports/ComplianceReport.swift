/// The compliance report: per official and requirement, summed over the rule's periods inside the report's
/// period, then summarised per committee level and per committee. An official who owes nothing under a
/// requirement (bound for too few days for even one visit) is listed apart and counted neither as meeting it
/// nor as falling short.
public enum ComplianceReport {
    public static func build(
        _ outcomes: [RuleOutcome], unjudged: [VisitFacts] = [], period: Period, tree: UnitTree, levels: [Level], language: Language,
        details: Bool, names: PersonOrder? = nil
    ) -> Report {
        // One group per official, rule set and rule, each with its periods. An official's outcomes come one
        // after the other from the engine, so the last group is looked at before the index.
        struct Key: Hashable { let official: String; let set: String; let rule: String }
        // Groups hold places in `outcomes`: an outcome carries its official and rule, and copying tens of
        // thousands of them into groups and sorted groups was a large part of this report.
        var groups: [[Int]] = []
        var index: [Key: Int] = [:]
        for (at, outcome) in outcomes.enumerated() {
            if let last = groups.last.map({ outcomes[$0[0]] }), last.official.id == outcome.official.id,
                last.ruleSetID == outcome.ruleSetID, last.rule.id == outcome.rule.id
            {
                groups[groups.count - 1].append(at)
                continue
            }
            let key = Key(official: outcome.official.id, set: outcome.ruleSetID, rule: outcome.rule.id)
            if let group = index[key] {
                groups[group].append(at)
            } else {
                index[key] = groups.count
                groups.append([at])
            }
        }
        let names = names ?? PersonOrder(outcomes.map(\.official.fullName))
        let places = names.places(of: groups.map { outcomes[$0[0]].official.fullName })
        let sorted = groups.indices.sorted { a, b in
            let x = outcomes[groups[a][0]]
            let y = outcomes[groups[b][0]]
            if x.committeeID != y.committeeID { return x.committeeID < y.committeeID }
            if places[a] != places[b] { return places[a] < places[b] }
            return (x.official.id, x.rule.id) < (y.official.id, y.rule.id)
        }.map { groups[$0].sorted { outcomes[$0].period < outcomes[$1].period } }

        var officials = ReportTable(
            key: "officials",
            columns: [
                "official_id", "full_name", "committee_id", "level", "rule", "requirement", "periods_met", "required", "done",
                "short", "to_date",
            ])
        var owingNothing = ReportTable(
            key: "owing_nothing", columns: ["official_id", "full_name", "committee_id", "level", "rule", "requirement", "days_bound"])
        struct Tally {
            var officials = Set<String>(), short = Set<String>(), required = 0, done = 0
            mutating func add(_ official: String, _ required: Int, _ done: Int, _ short: Int) {
                officials.insert(official)
                if short > 0 { self.short.insert(official) }
                self.required += required
                self.done += done
            }
        }
        var byLevel: [String: Tally] = [:]
        var byUnit: [String: Tally] = [:]
        for all in sorted {
            let first = outcomes[all[0]]
            let level = tree[first.committeeID]?.level ?? ""
            for (index, requirement) in first.rule.requirements.enumerated() {
                // Periods in which the official owed nothing under this requirement are neither met nor missed.
                var (owed, met, required, credited, short, boundDays, partial) = (0, 0, 0, 0, 0, 0, false)
                for run in all {
                    boundDays += outcomes[run].boundDays
                    let outcome = outcomes[run].requirements[index]
                    guard outcome.required > 0 else { continue }
                    owed += 1
                    if outcome.short == 0 { met += 1 }
                    required += outcome.required
                    credited += min(outcome.done, outcome.required)
                    short += outcome.short
                    partial = partial || outcomes[run].partial
                }
                let who: [ReportValue] = [
                    .text(first.official.id), .text(first.official.fullName), .text(first.committeeID),
                    Level.coded(level, in: levels, language), .text(first.rule.id), requirement.coded(levels, language),
                ]
                guard owed > 0 else {
                    owingNothing.rows.append(who + [.integer(boundDays)])
                    continue
                }
                officials.rows.append(
                    who + [
                        .ratio(part: met, whole: owed), .integer(required), .integer(credited), .integer(short), .flag(partial),
                    ])
                byLevel[level, default: Tally()].add(first.official.id, required, credited, short)
                byUnit[first.committeeID, default: Tally()].add(first.official.id, required, credited, short)
            }
        }
        /// Per level the level is a coded value; per committee the committee's code and its name.
        func summary(_ key: String, _ tallies: [String: Tally], rank: (String) -> Int, who: (String) -> [ReportValue], whoColumns: [String])
            -> ReportTable
        {
            ReportTable(
                key: key, columns: whoColumns + ["officials", "officials_met", "required", "done", "short"],
                rows: tallies.keys.sorted { (rank($0), $0) < (rank($1), $1) }.map { id in
                    let tally = tallies[id]!
                    return who(id) + [
                        .integer(tally.officials.count),
                        .ratio(part: tally.officials.count - tally.short.count, whole: tally.officials.count),
                        .integer(tally.required), .integer(tally.done), .integer(tally.required - tally.done),
                    ]
                })
        }
        var tables = [
            officials,
            summary(
                "by_level", byLevel, rank: { Level.rank($0, in: levels) }, who: { [Level.coded($0, in: levels, language)] },
                whoColumns: ["level"]),
            summary(
                "by_unit", byUnit, rank: { tree.depth(of: $0) }, who: { [.text($0), .text(tree[$0]?.name ?? "")] },
                whoColumns: ["committee_id", "name"]),
            owingNothing,
        ]
        if details {
            let runs = sorted.flatMap { $0.map { outcomes[$0] } }
            tables.append(visitsTable(runs, unjudged: unjudged, levels: levels, language: language))
        }
        return Report(kind: .compliance, period: period.code, tables: tables)
    }

    /// Every visit with its verdict under each rule, in the order of `outcomes`; visits no rule judged (the official was bound by none)
    /// are listed too, with the verdict `no_rule`.
    static func visitsTable(_ outcomes: [RuleOutcome], unjudged: [VisitFacts], levels: [Level], language: Language) -> ReportTable {
        var visits = ReportTable(
            key: "visits",
            columns: ["official_id", "rule", "period", "visit_id", "meeting_id", "unit_id", "date", "verdict", "requirement"])
        for run in outcomes {
            for judged in run.visits {
                visits.rows.append([
                    .text(run.official.id), .text(run.rule.id), run.period.coded(language), .text(judged.visit.visitID),
                    .text(judged.visit.meetingID), .text(judged.visit.unitID), .day(judged.visit.date), judged.verdict.coded(language),
                    judged.requirement.map { run.rule.requirements[$0].coded(levels, language) } ?? .none,
                ])
            }
        }
        for visit in unjudged.sorted(by: { ($0.officialID, $0.date, $0.visitID) < ($1.officialID, $1.date, $1.visitID) }) {
            visits.rows.append([
                .text(visit.officialID), .none, .none, .text(visit.visitID), .text(visit.meetingID), .text(visit.unitID), .day(visit.date),
                VisitVerdict.noRule.coded(language), .none,
            ])
        }
        return visits
    }
}

extension ComplianceReport {
    /// What each official still owes on `day` in the rule periods containing it, and the days left. Nothing is
    /// owed once the official is no longer bound for the rest of the period (the assignment or position ended).
    public static func due(
        _ outcomes: [RuleOutcome], on day: CalendarDay, levels: [Level], language: Language, names: PersonOrder? = nil
    ) -> Report {
        var table = ReportTable(
            key: "due",
            columns: [
                "official_id", "full_name", "committee_id", "rule", "requirement", "period", "required", "done", "remaining",
                "period_end", "days_left",
            ])
        let names = names ?? PersonOrder(outcomes.map(\.official.fullName))
        let owing = outcomes.filter { $0.short > 0 && $0.lastBoundDay >= day }.sorted { a, b in
            if a.committeeID != b.committeeID { return a.committeeID < b.committeeID }
            if a.official.fullName != b.official.fullName { return names.precedes(a.official.fullName, b.official.fullName) }
            return (a.official.id, a.rule.id, a.period) < (b.official.id, b.rule.id, b.period)
        }
        for outcome in owing {
            for requirement in outcome.requirements where requirement.short > 0 {
                table.rows.append([
                    .text(outcome.official.id), .text(outcome.official.fullName), .text(outcome.committeeID),
                    .text(outcome.rule.id), requirement.requirement.coded(levels, language), outcome.period.coded(language),
                    .integer(requirement.required), .integer(requirement.done), .integer(requirement.short),
                    .day(outcome.period.last), .integer(max(0, day.days(until: outcome.period.last))),
                ])
            }
        }
        return Report(kind: .due, period: day.iso, tables: [table])
    }
}

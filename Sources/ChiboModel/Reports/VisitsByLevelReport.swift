/// Visits in a period counted by the level of the visiting official's committee, the form of the seeds'
/// "187 by provincial members, 1.942 by district members, over 29 nghìn by grassroots members".
public enum VisitsByLevelReport {
    /// `visits` are the period's visits in scope. A visit is counted at the level of the position the
    /// official held on its day; with several, the highest committee (nearest the root) wins.
    public static func build(
        visits: [VisitFacts], positions: [Position], tree: UnitTree, levels: [Level], period: Period, language: Language
    ) -> Report {
        // Each official's positions once, highest committee first, each with its level: a visit then takes the
        // first one held on its day instead of sorting the official's positions again.
        let ranked = Dictionary(grouping: positions, by: \.officialID).mapValues { held in
            held.map { (depth: tree.depth(of: $0.committeeID), position: $0) }
                .sorted { ($0.depth, $0.position.committeeID) < ($1.depth, $1.position.committeeID) }
                .map { (term: $0.position.term, level: tree[$0.position.committeeID]?.level ?? "") }
        }
        struct Tally { var visits = 0; var officials = Set<String>(); var units = Set<String>() }
        var tallies: [String: Tally] = [:]
        for visit in visits {
            let level = ranked[visit.officialID]?.first { $0.term.contains(visit.date) }?.level ?? ""
            tallies[level, default: Tally()].visits += 1
            tallies[level]!.officials.insert(visit.officialID)
            tallies[level]!.units.insert(visit.unitID)
        }
        // The whole is the union of the levels: no visit is counted twice, and the sets are merged once.
        var total = Tally()
        for tally in tallies.values {
            total.visits += tally.visits
            total.officials.formUnion(tally.officials)
            total.units.formUnion(tally.units)
        }
        var table = ReportTable(key: "by_level", columns: ["level", "visits", "officials", "units_visited"])
        for level in tallies.keys.sorted(by: { (Level.rank($0, in: levels), $0) < (Level.rank($1, in: levels), $1) }) {
            let tally = tallies[level]!
            let name =
                level.isEmpty ? (language == .vi ? "Không giữ chức vụ" : "No position held") : Level.name(level, in: levels, language)
            table.rows.append([
                .coded(code: level.isEmpty ? "none" : level, label: name), .integer(tally.visits), .integer(tally.officials.count),
                .integer(tally.units.count),
            ])
        }
        table.rows.append([
            .coded(code: "total", label: language == .vi ? "Tổng cộng" : "Total"), .integer(total.visits),
            .integer(total.officials.count), .integer(total.units.count),
        ])
        return Report(kind: .visitsByLevel, period: period.code, tables: [table])
    }
}

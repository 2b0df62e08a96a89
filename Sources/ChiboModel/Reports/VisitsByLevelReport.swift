/// Visits in a period counted by the level of the visiting official's committee, the form of the seeds'
/// "187 by provincial members, 1.942 by district members, over 29 nghìn by grassroots members".
public enum VisitsByLevelReport {
    /// `visits` are the period's visits in scope. A visit is counted at the level of the position the
    /// official held on its day; with several, the highest committee (nearest the root) wins.
    public static func build(
        visits: [VisitFacts], positions: [Position], tree: UnitTree, levels: [Level], period: Period, language: Language
    ) -> Report {
        let positionsByOfficial = Dictionary(grouping: positions, by: \.officialID)
        struct Tally { var visits = 0; var officials = Set<String>(); var units = Set<String>() }
        var tallies: [String: Tally] = [:]
        var total = Tally()
        for visit in visits {
            let held = (positionsByOfficial[visit.officialID] ?? []).filter { $0.term.contains(visit.date) }
            let top = held.min { (tree.depth(of: $0.committeeID), $0.committeeID) < (tree.depth(of: $1.committeeID), $1.committeeID) }
            let level = top.flatMap { tree[$0.committeeID]?.level } ?? ""
            tallies[level, default: Tally()].visits += 1
            tallies[level]!.officials.insert(visit.officialID)
            tallies[level]!.units.insert(visit.unitID)
            total.visits += 1
            total.officials.insert(visit.officialID)
            total.units.insert(visit.unitID)
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

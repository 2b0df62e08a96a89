/// Visits in a period counted by the level of the visiting official's committee, the form of the seeds'
/// "187 by provincial members, 1.942 by district members, over 29 nghìn by grassroots members".
public enum VisitsByLevelReport {
    /// `visits` are the period's visits in scope. A visit is counted at the level of the position the
    /// official held on its day; with several, the highest committee (nearest the root) wins.
    public static func build(
        visits: [VisitFacts], positions: [Position], tree: UnitTree, levels: [Level], period: Period, language: Language
    ) -> Report {
        // Officials, units and levels are numbered as they are met, so that each visit costs two look-ups by
        // name (its official, its unit) and the rest is arithmetic: hashing names into sets for every visit was
        // most of this report's time.
        var levelNumbers = Numbering([""])
        // Each official's positions once, highest committee first, each with its level: a visit then takes the
        // first one held on its day instead of sorting the official's positions again.
        var officials = Numbering()
        var ranked: [[(term: DayRange, level: Int)]] = []
        for (official, held) in Dictionary(grouping: positions, by: \.officialID) {
            _ = officials.number(official)
            ranked.append(
                held.map { (depth: tree.depth(of: $0.committeeID), position: $0) }
                    .sorted { ($0.depth, $0.position.committeeID) < ($1.depth, $1.position.committeeID) }
                    .map { (term: $0.position.term, level: levelNumbers.number(tree[$0.position.committeeID]?.level ?? "")) })
        }
        var units = Numbering()
        struct Tally { var visits = 0; var officials = Marks(); var units = Marks() }
        var tallies: [Tally] = []
        for visit in visits {
            let official = officials.number(visit.officialID)
            if official == ranked.count { ranked.append([]) }
            let unit = units.number(visit.unitID)
            let level = ranked[official].first { $0.term.contains(visit.date) }?.level ?? 0
            if level >= tallies.count { tallies += Array(repeating: Tally(), count: level - tallies.count + 1) }
            tallies[level].visits += 1
            tallies[level].officials.insert(official)
            tallies[level].units.insert(unit)
        }
        // The whole is the union of the levels: no visit is counted twice.
        var total = Tally()
        for tally in tallies {
            total.visits += tally.visits
            total.officials.formUnion(tally.officials)
            total.units.formUnion(tally.units)
        }
        let counted = tallies.indices.filter { tallies[$0].visits > 0 }.map { (code: levelNumbers.names[$0], tally: tallies[$0]) }
        var table = ReportTable(key: "by_level", columns: ["level", "visits", "officials", "units_visited"])
        let ordered = counted.sorted { (Level.rank($0.code, in: levels), $0.code) < (Level.rank($1.code, in: levels), $1.code) }
        for (level, tally) in ordered {
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

/// Numbers 0, 1, 2... marked in one bit each, with their count: the officials and units of a level.
private struct Marks {
    private var words: [UInt64] = []
    private(set) var count = 0

    mutating func insert(_ number: Int) {
        let (word, bit) = (number >> 6, UInt64(1) << UInt64(number & 63))
        if word >= words.count { words += Array(repeating: 0, count: word - words.count + 1) }
        guard words[word] & bit == 0 else { return }
        words[word] |= bit
        count += 1
    }

    mutating func formUnion(_ other: Marks) {
        if other.words.count > words.count { words += Array(repeating: 0, count: other.words.count - words.count) }
        for index in other.words.indices { words[index] |= other.words[index] }
        count = words.reduce(0) { $0 + $1.nonzeroBitCount }
    }
}

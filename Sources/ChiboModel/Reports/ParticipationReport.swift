/// Participation: the attendance rate over the regular and thematic meetings of the period, exempt members left
/// out — for the whole subtree asked for (seed 000's "tỷ lệ đảng viên tham gia sinh hoạt"), for each committee
/// over the cells under it, and for each cell and month; the cells under the 85% of guidance 12-HD/BTCTW;
/// and members absent with excuse more than 3 regular meetings in a row within a calendar year.
public enum ParticipationReport {
    public static let thresholdPercent = 85
    public static let longestExcusedRun = 3

    /// The report from the meetings themselves (`CellMonthFacts.summing`).
    public static func build(
        cells: [CellFacts], meetings: [MeetingFacts], presence: [PresenceFacts], tree: UnitTree, scope: String?, levels: [Level],
        targets: [Target], period: Period, language: Language
    ) -> Report {
        build(
            cells: cells, months: CellMonthFacts.summing(meetings), presence: presence, tree: tree, scope: scope, levels: levels,
            targets: targets, period: period, language: language)
    }

    public static func build(
        cells: [CellFacts], months: [CellMonthFacts], presence: [PresenceFacts], tree: UnitTree, scope: String?, levels: [Level],
        targets: [Target], period: Period, language: Language
    ) -> Report {
        let names = Dictionary(cells.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        struct Sum {
            var present = 0, expected = 0
            mutating func add(_ present: Int, _ expected: Int) {
                self.present += present
                self.expected += expected
            }
        }
        let sums = CellMonths(months, where: { $0.meetings > 0 }, empty: Sum(), add: { $0.add($1.present, $1.expected) })
        let monthValues = sums.months.map(\.coded)
        var byMonth = ReportTable(key: "by_cell_month", columns: ["unit_id", "name", "month", "rate", "under_85"])
        var under = ReportTable(key: "under_threshold", columns: ["unit_id", "name", "month", "rate"])
        var byCell: [(cell: String, sum: Sum)] = []
        for (cell, values) in sums.byCell {
            let (id, name) = (ReportValue.text(cell), ReportValue.text(names[cell] ?? ""))
            var cellSum = Sum()
            for (month, sum) in zip(monthValues, values) {
                let (present, expected) = (sum.present, sum.expected)
                cellSum.add(present, expected)
                guard expected > 0 else { continue }
                let low = present * 100 < thresholdPercent * expected
                byMonth.rows.append([id, name, month, .ratio(part: present, whole: expected), .flag(low)])
                if low { under.rows.append([id, name, month, .ratio(part: present, whole: expected)]) }
            }
            byCell.append((cell, cellSum))
        }
        var runs = ReportTable(key: "excused_runs", columns: ["member_id", "unit_id", "from", "until", "meetings"])
        let ordered = presence.sorted { ($0.memberID, $0.date) < ($1.memberID, $1.date) }
        var index = 0
        while index < ordered.count {
            var end = index
            if ordered[index].presence == .absentExcused {
                while end + 1 < ordered.count, ordered[end + 1].memberID == ordered[index].memberID,
                    ordered[end + 1].date.year == ordered[index].date.year, ordered[end + 1].presence == .absentExcused
                {
                    end += 1
                }
                let length = end - index + 1
                if length > longestExcusedRun {
                    runs.rows.append([
                        .text(ordered[index].memberID), .text(ordered[index].cellID), .day(ordered[index].date),
                        .day(ordered[end].date), .integer(length),
                    ])
                }
            }
            index = end + 1
        }
        // Summed per cell first (above), then per committee right above the cells: the committees above those are
        // then looked up once for each of them, not once for each cell.
        var byParent: [String: Sum] = [:]
        var overall = Sum()
        for (cell, sum) in byCell {
            overall.add(sum.present, sum.expected)
            if let parent = tree[cell]?.parentID { byParent[parent, default: Sum()].add(sum.present, sum.expected) }
        }
        var byCommittee: [String: Sum] = [:]
        for (parent, sum) in byParent {
            // Committees above the scope would show only the scope's share of their cells: left out.
            for committee in tree.lineage(of: parent) where scope.map({ tree.isWithin(committee, $0) }) ?? true {
                byCommittee[committee, default: Sum()].add(sum.present, sum.expected)
            }
        }
        let summary = ReportTable(
            key: "overall", columns: ["present", "expected", "rate"],
            rows: [[.integer(overall.present), .integer(overall.expected), .ratio(part: overall.present, whole: overall.expected)]])
        let committees = ReportTable(
            key: "by_committee", columns: ["committee_id", "name", "level", "rate"],
            rows: byCommittee.keys.sorted { (tree.depth(of: $0), $0) < (tree.depth(of: $1), $1) }.map { id in
                let sum = byCommittee[id]!
                return [
                    .text(id), .text(tree[id]?.name ?? ""), Level.coded(tree[id]?.level ?? "", in: levels, language),
                    .ratio(part: sum.present, whole: sum.expected),
                ]
            })
        let checked = TargetTable.build([(.participation, overall.present, overall.expected)], targets: targets, language: language)
        return Report(kind: .participation, period: period.code, tables: [summary, checked, committees, under, runs, byMonth])
    }
}

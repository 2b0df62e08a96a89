/// Meeting quality by "điểm bình quân tháng/năm": a month's score is the average of the cell's scored regular
/// and thematic meetings in that month, the period's score the average of its months (a month with two meetings
/// weighs as much as a month with one). Each is classed (tốt ≥ 90, khá 70–<90, trung bình 50–<70, kém < 50)
/// exactly, without rounding first; the share of cells rated tốt over the period is set against the target.
public enum QualityReport {
    /// Opinions (members who spoke) a meeting should have at least, on average, unless the board says
    /// otherwise (`opinions-minimum`; seed 001: 8 to 10).
    public static let minimumOpinions = 8

    /// The report from the meetings themselves (`CellMonthFacts.summing`).
    public static func build(
        cells: [CellFacts], meetings: [MeetingFacts], period: Period, target: Target,
        opinionsMinimum: Int = QualityReport.minimumOpinions, language: Language
    ) -> Report {
        build(
            cells: cells, months: CellMonthFacts.summing(meetings), period: period, target: target, opinionsMinimum: opinionsMinimum,
            language: language)
    }

    public static func build(
        cells: [CellFacts], months: [CellMonthFacts], period: Period, target: Target,
        opinionsMinimum: Int = QualityReport.minimumOpinions, language: Language
    ) -> Report {
        let names = Dictionary(cells.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let scores = CellMonths(
            months, where: { $0.scored > 0 }, empty: (total: 0, count: 0),
            add: {
                $0.total += $1.scoreTotal
                $0.count += $1.scored
            })
        let monthValues = scores.months.map(\.coded)
        var monthly = ReportTable(key: "by_cell_month", columns: ["unit_id", "name", "month", "meetings", "average", "class"])
        var overall = ReportTable(key: "by_cell", columns: ["unit_id", "name", "meetings", "months", "average", "class"])
        var classes: [QualityClass: Int] = [:]
        for (cell, values) in scores.byCell {
            let (id, name) = (ReportValue.text(cell), ReportValue.text(names[cell] ?? ""))
            let held = zip(monthValues, values).filter { $0.1.count > 0 }
            // The mean of monthly means as one exact fraction: every month's total brought to a common denominator.
            let common = held.reduce(1) { lcm($0, $1.1.count) }
            var (sum, meetingsHeld) = (0, 0)
            for (month, (total, count)) in held {
                sum += total * (common / count)
                meetingsHeld += count
                monthly.rows.append([
                    id, name, month, .integer(count), .hundredths(VietnameseNumber.averageHundredths(total, count: count)),
                    QualityClass(total: total, count: count).coded(language),
                ])
            }
            let grade = QualityClass(total: sum, count: common * held.count)
            classes[grade, default: 0] += 1
            overall.rows.append([
                id, name, .integer(meetingsHeld), .integer(held.count),
                .hundredths(VietnameseNumber.averageHundredths(sum, count: common * held.count)), grade.coded(language),
            ])
        }
        let cellsScored = overall.rows.count
        let summary = ReportTable(
            key: "classes", columns: ["class", "cells"],
            rows: QualityClass.allCases.map {
                [$0.coded(language), .ratio(part: classes[$0] ?? 0, whole: cellsScored)]
            })
        let targets = TargetTable.build([(.cellsQualityGood, classes[.good] ?? 0, cellsScored)], targets: [target], language: language)
        let (opinions, few) = opinionsTables(months, names: names, minimum: opinionsMinimum)
        return Report(kind: .quality, period: period.code, tables: [targets, summary, overall, monthly, opinions, few])
    }

    /// Seed 001: "mỗi kỳ sinh hoạt đều có ít nhất từ 8 - 10 ý kiến phát biểu". Regular and thematic meetings
    /// with a recorded count of members who spoke; a cell whose average is under the minimum is listed apart.
    static func opinionsTables(_ months: [CellMonthFacts], names: [String: String], minimum: Int) -> (ReportTable, ReportTable) {
        var byCell = ReportTable(
            key: "opinions_by_cell", columns: ["unit_id", "name", "meetings", "opinions", "average_opinions", "under_minimum"])
        var few = ReportTable(key: "few_opinions", columns: ["unit_id", "name", "meetings", "average_opinions"])
        // Summed by the cells' numbers: hashing each of 38.000 months' unit twice was half of the report's time.
        var cells = Numbering()
        var sums: [(total: Int, count: Int)] = []
        for month in months where month.counted > 0 {
            let number = cells.number(month.unitID)
            if number == sums.count { sums.append((0, 0)) }
            sums[number].total += month.speakers
            sums[number].count += month.counted
        }
        for number in cells.names.indices.sorted(by: { cells.names[$0] < cells.names[$1] }) {
            let (cell, (total, count)) = (cells.names[number], sums[number])
            let under = total < minimum * count
            let average = ReportValue.hundredths(VietnameseNumber.averageHundredths(total, count: count))
            let name = ReportValue.text(names[cell] ?? "")
            byCell.rows.append([.text(cell), name, .integer(count), .integer(total), average, .flag(under)])
            if under { few.rows.append([.text(cell), name, .integer(count), average]) }
        }
        return (byCell, few)
    }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
private func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }

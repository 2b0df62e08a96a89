/// Meeting quality: the average score of each cell's scored regular and thematic meetings per month and over
/// the period, its class (tốt ≥ 90, khá 70–<90, trung bình 50–<70, kém < 50), and the share of cells rated
/// tốt over the period against a target.
public enum QualityReport {
    public static func build(cells: [CellFacts], meetings: [MeetingFacts], period: Period, targetPercent: Int, language: Language) -> Report
    {
        let names = Dictionary(cells.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let scored = meetings.filter { ($0.kind == .regular || $0.kind == .thematic) && $0.score != nil }
        var monthly = ReportTable(key: "by_cell_month", columns: ["unit_id", "name", "month", "meetings", "average", "class"])
        var overall = ReportTable(key: "by_cell", columns: ["unit_id", "name", "meetings", "average", "class"])
        var classes: [QualityClass: Int] = [:]
        for (cell, own) in Dictionary(grouping: scored, by: \.unitID).sorted(by: { $0.key < $1.key }) {
            let name = names[cell] ?? ""
            for (month, inMonth) in Dictionary(grouping: own, by: \.month).sorted(by: { $0.key < $1.key }) {
                let total = inMonth.reduce(0) { $0 + $1.score! }
                monthly.rows.append([
                    .text(cell), .text(name), .text(month.iso), .integer(inMonth.count),
                    .hundredths(VietnameseNumber.averageHundredths(total, count: inMonth.count)),
                    .text(QualityClass(total: total, count: inMonth.count).label(language)),
                ])
            }
            let total = own.reduce(0) { $0 + $1.score! }
            let grade = QualityClass(total: total, count: own.count)
            classes[grade, default: 0] += 1
            overall.rows.append([
                .text(cell), .text(name), .integer(own.count),
                .hundredths(VietnameseNumber.averageHundredths(total, count: own.count)), .text(grade.label(language)),
            ])
        }
        let cellsScored = overall.rows.count
        let summary = ReportTable(
            key: "classes", columns: ["class", "cells"],
            rows: QualityClass.allCases.map {
                [.text($0.label(language)), .ratio(part: classes[$0] ?? 0, whole: cellsScored)]
            })
        let good = classes[.good] ?? 0
        let target = ReportTable(
            key: "target", columns: ["target_percent", "cells_good", "target_met"],
            rows: [
                [
                    .integer(targetPercent), .ratio(part: good, whole: cellsScored),
                    .flag(cellsScored > 0 && good * 100 >= targetPercent * cellsScored),
                ]
            ])
        return Report(kind: .quality, period: period.code, tables: [target, summary, overall, monthly])
    }
}

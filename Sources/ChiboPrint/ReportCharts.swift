import ChiboModel

/// The charts a printed report carries where people would rather look than read: each drawn above the table
/// it summarises.
enum ReportCharts {
    struct Placed {
        /// The key of the table the chart goes with.
        let table: String
        let chart: BarChart
    }

    static func charts(for report: Report, language: Language) -> [Placed] {
        let vi = language == .vi
        func target(_ metric: TargetMetric) -> Int? {
            report.table(TargetTable.key)?.rows.first { $0[0].code == metric.rawValue }.flatMap {
                if case .hundredths(let value) = $0[2] { value } else { nil }
            }
        }
        /// One bar per row of `table`: its label from `label`, its share from the ratio in `share`.
        func bars(_ table: String, label: Int, share: Int) -> [BarChart.Bar] {
            (report.table(table)?.rows ?? []).compactMap { row in
                guard case .ratio(let part, let whole) = row[share] else { return nil }
                return BarChart.Bar(label: row[label].formatted(language), part: part, whole: whole)
            }
        }
        switch report.kind {
        case .compliance:
            return [
                Placed(
                    table: "by_level",
                    chart: BarChart(
                        caption: vi
                            ? "Tỷ lệ cán bộ thực hiện đủ chỉ tiêu dự sinh hoạt, theo cấp" : "Officials who met their quotas, by level",
                        bars: bars("by_level", label: 0, share: 2)))
            ]
        case .ratings:
            let cells = GradeScale.of(year: Int(report.period) ?? 2018, subject: .cells)
            return [
                Placed(
                    table: "cells",
                    chart: BarChart(
                        caption: vi ? "Kết quả xếp loại chi bộ" : "Cells by grade", bars: bars("cells", label: 0, share: 2))),
                Placed(
                    table: "good_or_better",
                    chart: BarChart(
                        caption: vi
                            ? "Hoàn thành tốt nhiệm vụ trở lên (\(cells.grades.prefix(cells.goodOrBetter).map { $0.label(.vi) }.joined(separator: ", ")))"
                            : "Rated good or better",
                        bars: bars("good_or_better", label: 0, share: 2), targetHundredths: target(.cellsGoodOrBetter))),
            ]
        case .participation:
            var months: [String: (part: Int, whole: Int)] = [:]
            for row in report.table("by_cell_month")?.rows ?? [] {
                guard case .ratio(let part, let whole) = row[3] else { continue }
                let sum = months[row[2].code ?? ""] ?? (0, 0)
                months[row[2].code ?? ""] = (sum.part + part, sum.whole + whole)
            }
            let byMonth = months.keys.sorted().map { month in
                BarChart.Bar(label: Period(month)?.label(language) ?? month, part: months[month]!.part, whole: months[month]!.whole)
            }
            return [
                Placed(
                    table: "overall",
                    chart: BarChart(
                        caption: vi ? "Tỷ lệ đảng viên dự sinh hoạt theo tháng" : "Participation by month", bars: byMonth,
                        targetHundredths: target(.participation)))
            ]
        case .quality:
            return [
                Placed(
                    table: "classes",
                    chart: BarChart(
                        caption: vi ? "Xếp loại chất lượng sinh hoạt chi bộ" : "Cells by meeting quality",
                        bars: bars("classes", label: 0, share: 1),
                        targetHundredths: nil))
            ]
        case .cadres:
            return [
                Placed(
                    table: "shares",
                    chart: BarChart(
                        caption: vi ? "Trình độ cấp ủy viên chi bộ, tổ trưởng tổ đảng" : "Cell cadres' qualifications",
                        bars: bars("shares", label: 0, share: 2)))
            ]
        default:
            return []
        }
    }

}

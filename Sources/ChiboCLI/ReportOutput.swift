import ChiboModel
import Foundation

/// Prints a report: each table under its title for people; one JSON object, or CSV blocks, for machines.
enum ReportOutput {
    static func render(_ report: Report, _ options: OutputOptions, title: String? = nil) -> String {
        let language = options.lang
        switch options.format {
        case .table:
            var text = (title ?? ReportLabels.title(report.kind, language)) + " — " + periodLabel(report.period, language) + "\n"
            for table in report.tables {
                text += "\n" + ReportLabels.table(table.key, language) + " (\(VietnameseNumber.integer(table.rows.count, language)))\n"
                guard !table.rows.isEmpty else { continue }
                text += listing(table, language).render(options)
            }
            return text
        case .csv:
            return report.tables.map { table in "# \(table.key)\r\n" + listing(table, language).render(options) }.joined(separator: "\r\n")
        case .json:
            let object: [String: Any] = [
                "kind": report.kind.rawValue, "period": report.period,
                "tables": report.tables.map { table in
                    [
                        "key": table.key,
                        "rows": table.rows.map { row in
                            Dictionary(uniqueKeysWithValues: zip(table.columns, row.map(json)))
                        },
                    ] as [String: Any]
                },
            ]
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    static func listing(_ table: ReportTable, _ language: Language) -> Listing {
        Listing(
            columns: table.columns.map { Column(key: $0, vi: ReportLabels.label($0, .vi), en: ReportLabels.label($0, .en)) },
            rows: table.rows.map { $0.map { $0.formatted(language) } })
    }

    /// Machine values: numbers as numbers, a ratio as its part, whole and percent, days as yyyy-MM-dd.
    static func json(_ value: ReportValue) -> Any {
        switch value {
        case .text(let text): return text
        case .integer(let number): return number
        case .ratio(let part, let whole):
            let percent = VietnameseNumber.percentHundredths(part, of: whole).map { Double($0) / 100 }
            return ["part": part, "whole": whole, "percent": percent ?? NSNull()] as [String: Any]
        case .hundredths(let number): return Double(number) / 100
        case .day(let day): return day.iso
        case .flag(let flag): return flag
        case .none: return NSNull()
        }
    }

    static func periodLabel(_ code: String, _ language: Language) -> String {
        if let day = CalendarDay(code) { return (language == .vi ? "ngày " : "as of ") + day.vietnamese }
        return Period(code)?.label(language) ?? code
    }
}

import ChiboModel
import ChiboPrint
import Foundation

/// Prints a report: each table under its title for people; for machines one JSON object, or CSV blocks, that
/// carry codes, ISO days, numbers with a dot and ratios as part and whole; for Excel, CSV as people read it.
enum ReportOutput {
    static func render(_ report: Report, _ options: OutputOptions, title: String? = nil) -> String {
        let language = options.lang
        if options.excel {
            return Listing.excelMark
                + report.tables.map { table in
                    ReportLabels.table(table.key, language) + "\r\n" + listing(table, language).csv(header: labels(table, language))
                }.joined(separator: "\r\n")
        }
        switch options.format {
        case .table:
            var text = (title ?? ReportLabels.title(report.kind, language)) + " — " + periodLabel(report.period, language) + "\n"
            for table in report.tables {
                text += "\n" + ReportLabels.table(table.key, language) + " (\(VietnameseNumber.integer(table.rows.count, language)))\n"
                guard !table.rows.isEmpty else { continue }
                text += listing(table, language).render(options)
            }
            return text
        case .html:
            let title = (title ?? ReportLabels.title(report.kind, language)) + " — " + periodLabel(report.period, language)
            return PrintableReport.html(
                [report], title: title, header: PrintHeader(committee: "", place: "................", date: .today()), language: language)
        case .csv:
            return report.tables.map { "# \($0.key)\r\n" + machineCSV($0) }.joined(separator: "\r\n")
        case .json:
            let object: [String: Any] = [
                "kind": report.kind.rawValue, "period": report.period,
                "tables": report.tables.map { table in
                    [
                        "key": table.key, "columns": table.columns,
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

    static func labels(_ table: ReportTable, _ language: Language) -> [String] { table.columns.map { ReportLabels.label($0, language) } }

    /// Machine values: numbers as numbers, a ratio as its part, whole and percent, days as yyyy-MM-dd, codes
    /// rather than labels.
    static func json(_ value: ReportValue) -> Any {
        switch value {
        case .text(let text): return text
        case .coded(let code, _): return code
        case .integer(let number): return number
        case .ratio(let part, let whole):
            return ["part": part, "whole": whole, "percent": percent(part, whole).map { $0 as Any } ?? NSNull()] as [String: Any]
        case .hundredths(let number): return decimal(number)
        case .day(let day): return day.iso
        case .flag(let flag): return flag
        case .none: return NSNull()
        }
    }

    /// A ratio column becomes three: `share_part`, `share_whole` and `share_percent` (empty when the whole is 0).
    static func machineCSV(_ table: ReportTable) -> String {
        let ratioColumns = Set(
            table.columns.indices.filter { index in
                table.rows.contains { if case .ratio = $0[index] { true } else { false } }
            })
        let header = table.columns.indices.flatMap { index in
            ratioColumns.contains(index) ? ["_part", "_whole", "_percent"].map { table.columns[index] + $0 } : [table.columns[index]]
        }
        let rows = table.rows.map { row in
            row.indices.flatMap { index -> [String] in
                switch row[index] {
                case .ratio(let part, let whole): return [String(part), String(whole), percent(part, whole).map { "\($0)" } ?? ""]
                case .none where ratioColumns.contains(index): return ["", "", ""]
                case .none: return [""]
                case .text(let text): return [text]
                case .coded(let code, _): return [code]
                case .integer(let number): return [String(number)]
                case .hundredths(let number): return ["\(decimal(number))"]
                case .day(let day): return [day.iso]
                case .flag(let flag): return [flag ? "true" : "false"]
                }
            }
        }
        return Listing(columns: header.map { Column(key: $0, vi: $0, en: $0) }, rows: rows).csv()
    }

    /// Hundredths as an exact decimal (87,5 is 87.5, never 87.49999).
    static func decimal(_ hundredths: Int) -> Decimal { Decimal(hundredths) / 100 }

    static func percent(_ part: Int, _ whole: Int) -> Decimal? {
        VietnameseNumber.percentHundredths(part, of: whole).map(decimal)
    }

    static func periodLabel(_ code: String, _ language: Language) -> String {
        if let day = CalendarDay(code) { return (language == .vi ? "ngày " : "as of ") + day.vietnamese }
        return Period(code)?.label(language) ?? code
    }
}

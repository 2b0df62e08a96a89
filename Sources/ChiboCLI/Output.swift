import ArgumentParser
import ChiboModel
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for people), json or csv (for machines).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Label language: vi (default) or en.")
    var lang: Language = .vi
}

extension Language: ExpressibleByArgument {}

/// A column: a stable machine key (JSON and CSV) and labels for people.
typealias Column = RecordColumn

/// Rows of text under named columns, printed in the format the user asked for.
struct Listing {
    let columns: [Column]
    var rows: [[String]]

    /// One record shown as label/value lines in table format, an object in JSON.
    func render(_ options: OutputOptions, single: Bool = false) -> String {
        switch options.format {
        case .json: return json(single: single)
        case .csv: return csv()
        case .table: return single ? vertical(options.lang) : table(options.lang)
        }
    }

    private func table(_ language: Language) -> String {
        let header = columns.map { $0.label(language) }
        let widths = columns.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    private func vertical(_ language: Language) -> String {
        let labels = columns.map { $0.label(language) + ":" }
        let width = labels.map(\.count).max() ?? 0
        return zip(labels, rows.first ?? []).map { label, value in
            label + String(repeating: " ", count: width - label.count + 1) + value
        }.joined(separator: "\n") + "\n"
    }

    private func json(single: Bool) -> String {
        let objects = rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns.map(\.key), row)) }
        let value: Any = single ? (objects.first ?? [:]) : objects
        let data = try! JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func csv() -> String {
        func quote(_ cell: String) -> String {
            cell.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([columns.map(\.key)] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

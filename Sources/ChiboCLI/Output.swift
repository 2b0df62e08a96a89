import ArgumentParser
import ChiboModel
import ChiboPrint
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
    /// A self-contained page to print (reports: the A4 form of a party report; listings: the table).
    case html
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table (for people), json or csv (for machines), html (a page to print).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Label language: vi (default) or en.")
    var lang: Language = .vi

    @Flag(
        name: .long,
        help: "CSV for Excel: a byte-order mark, column labels and values as people read them (in --lang), instead of codes.")
    var excel = false

    func validate() throws {
        if excel, format != .table, format != .csv { throw ValidationError("--excel writes CSV; it does not go with --format \(format)") }
    }

    /// Values as people read them (labels, Vietnamese numbers and dates), not as machines do.
    var people: Bool { format == .table || format == .html || excel }
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
        if options.excel { return Self.excelMark + csv(header: columns.map { $0.label(options.lang) }) }
        switch options.format {
        case .json: return json(single: single)
        case .csv: return csv()
        case .table: return single ? vertical(options.lang) : table(options.lang)
        case .html:
            return PrintableReport.page(
                title: "", columns: columns.map { $0.label(options.lang) }, rows: single ? Array(rows.prefix(1)) : rows,
                language: options.lang)
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

    /// Excel reads a UTF-8 file as UTF-8 only when it starts with a byte-order mark.
    static let excelMark = "\u{FEFF}"

    func csv(header: [String]? = nil) -> String {
        func quote(_ cell: String) -> String {
            cell.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([header ?? columns.map(\.key)] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

import ChiboModel
import Foundation
import Testing

/// `--format json` and `--format csv` of every report are machine output: numbers as numbers, ratios as part
/// and whole, days as yyyy-MM-dd, codes rather than labels — so the JSON is the same whatever `--lang` says.
@Suite(.timeLimit(.minutes(4))) struct MachineOutputTests {
    static let dayColumns: Set<String> = [
        "date", "from", "until", "due_on", "submitted_on", "period_end", "received_on", "forwarded_on", "answered_on",
    ]
    /// Columns that carry a code whose label only tables show.
    static let codedColumns: Set<String> = [
        "level", "grade", "class", "verdict", "status", "coverage", "role", "target", "group", "post", "month", "issue",
    ]

    /// The report kinds as the command line names them, each with the arguments that show all its tables.
    static let runs: [[String]] =
        ReportKinds.all.filter(\.listed).map { definition in
            ["report", definition.kind.argument, "--period", definition.defaultPeriod == .month ? "2025-05" : "2025"]
                + (definition.kind == .compliance || definition.kind == .coverage ? ["--details"] : [])
        } + [["due", "--period", "2025-05"]]

    @Test func everyReportIsMachineReadableInJSONAndCSV() async throws {
        try await withDaemon { daemon in
            try await daemon.loadDemoWithTheBoardsRules()
            #expect(Self.runs.count == ReportKinds.all.count)
            var tablesSeen = 0
            for run in Self.runs {
                let json = try await daemon.chibo(run + ["--format", "json"])
                #expect(json.status == 0, "\(run): \(json.stderr)")
                let english = try await daemon.chibo(run + ["--format", "json", "--lang", "en"])
                #expect(english.stdout == json.stdout, "\(run): the JSON changed with --lang")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
                let tables = try #require(object["tables"] as? [[String: Any]], "\(run)")
                let csv = try await daemon.chibo(run + ["--format", "csv"])
                #expect(csv.status == 0, "\(run): \(csv.stderr)")
                let blocks = Self.csvBlocks(csv.stdout)
                #expect(blocks.map(\.key) == tables.compactMap { $0["key"] as? String }, "\(run)")
                for (table, block) in zip(tables, blocks) {
                    tablesSeen += 1
                    try check(table, block, "\(run.joined(separator: " ")) / \(block.key)")
                }
            }
            #expect(tablesSeen > 30)
        }
    }

    func check(_ table: [String: Any], _ block: (key: String, header: [String], rows: [[String]]), _ context: String) throws {
        let columns = try #require(table["columns"] as? [String], "\(context)")
        let rows = try #require(table["rows"] as? [[String: Any]], "\(context)")
        #expect(block.rows.count == rows.count, "\(context): CSV and JSON row counts")
        for (index, row) in rows.enumerated() {
            #expect(Set(row.keys) == Set(columns), "\(context)")
            var cells = Dictionary(uniqueKeysWithValues: zip(block.header, block.rows[index]))
            for column in columns {
                let value = row[column]!
                switch value {
                case let ratio as [String: Any]:
                    let part = try #require(ratio["part"] as? Int, "\(context).\(column)")
                    let whole = try #require(ratio["whole"] as? Int, "\(context).\(column)")
                    #expect(ratio["percent"] is NSNull || ratio["percent"] is NSNumber, "\(context).\(column)")
                    #expect(cells[column + "_part"] == String(part) && cells[column + "_whole"] == String(whole), "\(context).\(column)")
                    let percent = cells[column + "_percent"] ?? "?"
                    #expect(percent.isEmpty || Double(percent) != nil, "\(context).\(column): \(percent)")
                    cells[column] = nil
                case let number as NSNumber:
                    let cell = cells[column] ?? "?"
                    // A flag is a JSON boolean, which Foundation hands over as a number too.
                    if cell == "true" || cell == "false" {
                        #expect(number.boolValue == (cell == "true"), "\(context).\(column): \(cell)")
                    } else {
                        #expect(Double(cell) == number.doubleValue, "\(context).\(column): CSV \(cell), JSON \(number)")
                    }
                case let text as String:
                    #expect(cells[column] == text, "\(context).\(column)")
                    #expect(!text.contains(" = ") && !text.hasSuffix("%"), "\(context).\(column): a formatted share \(text)")
                    if Self.dayColumns.contains(column) {
                        #expect(try /\d{4}-\d{2}-\d{2}/.wholeMatch(in: text) != nil, "\(context).\(column): \(text)")
                    }
                    if Self.codedColumns.contains(column) {
                        #expect(text.allSatisfy { $0.isASCII }, "\(context).\(column): a label \(text), not a code")
                    }
                case is NSNull:
                    #expect(cells[column]?.isEmpty != false, "\(context).\(column)")
                default:
                    Issue.record("\(context).\(column): unexpected JSON value \(value)")
                }
            }
        }
    }

    /// CSV output as blocks: a "# key" line, a header, rows (no field of the demo data holds a line break).
    static func csvBlocks(_ text: String) -> [(key: String, header: [String], rows: [[String]])] {
        var blocks: [(key: String, header: [String], rows: [[String]])] = []
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.hasPrefix("# ") {
                blocks.append((String(line.dropFirst(2)), [], []))
            } else if blocks[blocks.count - 1].header.isEmpty {
                blocks[blocks.count - 1].header = fields(line)
            } else {
                blocks[blocks.count - 1].rows.append(fields(line))
            }
        }
        return blocks
    }

    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line).makeIterator()
        while let character = characters.next() {
            switch (character, quoted) {
            case ("\"", false) where field.isEmpty: quoted = true
            case ("\"", true):
                if let next = characters.next() {
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        if next == "," { fields.append(field); field = "" } else { field.append(next) }
                    }
                } else {
                    quoted = false
                }
            case (",", false): fields.append(field); field = ""
            default: field.append(character)
            }
        }
        return fields + [field]
    }
}

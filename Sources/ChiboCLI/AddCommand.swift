import ArgumentParser
import ChiboClient
import ChiboWire
import Foundation

struct AddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add one record, given as column=value pairs (the columns of `chibo import`).",
        discussion: """
            Examples:
              chibo add units id=HB.LS.CY.T01 parent_id=HB.LS.CY name="Chi bộ xóm Rụ 1" level=cell residential=1 \\
                  regular_meeting_day=3 active_from=01/01/2015
              chibo add members id=M0001 full_name="Bùi Văn Tâm" cell_id=HB.LS.CY.T01 from=01/01/2015
              chibo add meetings id=H1 unit_id=HB.LS.CY.T01 date=03/11/2026 kind=regular present="M0001;M0002"
            Adding a record identical to one already stored changes nothing.
            """
    )

    @Argument(help: ArgumentHelp("What to add: \(ImportKind.allValueStrings.joined(separator: ", ")).", valueName: "kind"))
    var kind: ImportKind

    @Argument(help: ArgumentHelp("column=value pairs.", valueName: "column=value"))
    var fields: [String]

    @Flag(name: .customLong("dry-run"), help: "Check, write nothing.")
    var dryRun = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var columns: [String] = []
        var values: [String] = []
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else {
                throw ValidationError("\(field) is not column=value")
            }
            columns.append(String(field[..<equals]))
            values.append(String(field[field.index(after: equals)...]))
        }
        let csv = CSVRecords(Data((csvLine(columns) + csvLine(values)).utf8), kind: kind)
        if let problem = csv.problems.first {
            throw WireError(.invalidArgument, problem.message)
        }
        let result = try await connection.withConnection { try await $0.put(csv.records, dryRun: dryRun) }
        let vi = output.lang == .vi
        let state = result.inserted > 0 ? (vi ? "đã ghi" : "written") : (vi ? "đã có, không đổi" : "already there, unchanged")
        print(dryRun ? (vi ? "hợp lệ (chạy thử, không ghi)" : "valid (dry run, nothing written)") : state)
    }

    private func csvLine(_ cells: [String]) -> String {
        cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
    }
}

import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboWire
import Foundation

extension ImportKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file of one kind of record: all of it, or nothing.",
        discussion: """
            The columns of each kind are in docs/import.md (or run with a wrong header to see them). Every row is \
            checked before anything is sent and every bad row is reported with its line; then the daemon checks the \
            file against what it holds and writes it in one transaction. Importing the same file again writes nothing.
            """
    )

    @Argument(help: ArgumentHelp("The CSV file (UTF-8, header row first).", valueName: "file"))
    var file: String

    @Option(name: .long, help: "What the file holds.")
    var kind: ImportKind

    @Flag(name: .customLong("dry-run"), help: "Check everything, write nothing.")
    var dryRun = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw WireError(.invalidArgument, "cannot read \(file)")
        }
        let csv = CSVRecords(data, kind: kind)
        guard csv.problems.isEmpty else {
            for problem in csv.problems { FileHandle.standardError.write(Data("\(file):\(problem)\n".utf8)) }
            throw WireError(.invalidArgument, "\(csv.problems.count) bad row(s) in \(file); nothing was imported")
        }
        let bar = ProgressBar(enabled: isatty(STDOUT_FILENO) == 1, language: output.lang)
        let result: Chibo_V1_ImportChunkResponse
        do {
            result = try await connection.withConnection { connection in
                try await Importer.send(csv, over: connection, dryRun: dryRun) { bar.show($0, of: $1) }
            }
        } catch var error as WireError where error.recordIndex != nil {
            // The daemon's refusal names the line (Importer): name the file too, as the local checks do.
            bar.finish()
            error.message = "\(file):\(error.message)"
            throw error
        }
        bar.finish()
        let vi = output.lang == .vi
        let listing = Listing(
            columns: [
                Column(key: "file", vi: "Tệp", en: "File"),
                Column(key: "kind", vi: "Loại", en: "Kind"),
                Column(key: "rows", vi: "Số dòng", en: "Rows"),
                Column(key: "records", vi: "Số bản ghi", en: "Records"),
                Column(key: "inserted", vi: "Ghi mới", en: "Inserted"),
                Column(key: "unchanged", vi: "Đã có, giữ nguyên", en: "Already there"),
                Column(key: "dry_run", vi: "Chạy thử", en: "Dry run"),
            ],
            rows: [
                [
                    file, kind.rawValue, number(Set(csv.lines).count), number(Int(result.staged)), number(Int(result.inserted)),
                    number(Int(result.unchanged)),
                    output.people
                        ? (dryRun ? (vi ? "có (không ghi gì)" : "yes (nothing written)") : (vi ? "không" : "no")) : String(dryRun),
                ]
            ])
        print(listing.render(output, single: true), terminator: "")
    }

    private func number(_ n: Int) -> String {
        output.people ? VietnameseNumber.integer(n, output.lang) : String(n)
    }
}

/// "[#####.....] 12.345/62.331" on stderr, redrawn in place; only when a person is watching.
final class ProgressBar: Sendable {
    let enabled: Bool
    let language: Language

    init(enabled: Bool, language: Language) {
        self.enabled = enabled
        self.language = language
    }

    func show(_ done: Int, of total: Int, unit: (vi: String, en: String) = ("bản ghi", "records")) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let label = language == .vi ? unit.vi : unit.en
        FileHandle.standardError.write(
            Data("\r[\(bar)] \(VietnameseNumber.integer(done, language))/\(VietnameseNumber.integer(total, language)) \(label)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

import ArgumentParser
import ChiboClient
import ChiboDemo
import ChiboModel
import ChiboWire
import Foundation

extension DemoSize: ExpressibleByArgument {}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Make and load synthetic data sets.",
        subcommands: [DemoGenerate.self, DemoLoad.self]
    )
}

struct DemoGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic data set as CSV files, one per import kind.",
        discussion: """
            small: 1 district, 2 communes, 8 cells, about 100 members. district: 15 communes, about 320 cells and \
            6.200 members. province: 10 districts, 150 communes, about 3.200 cells and 62.000 members (the size of \
            Hòa Bình in 2021). Each has officials at every level with assignments and a year of meetings, visits, \
            recommendations, monthly reports and ratings. The same size, seed and year give the same files.
            """
    )

    @Option(name: .long, help: "small, district or province.") var size: DemoSize = .small
    @Option(name: .long, help: "Seed of the generator.") var seed: UInt64 = 1
    @Option(name: .long, help: "The year of meetings to make; must be over.") var year: Int = 2025
    @Option(name: .long, help: ArgumentHelp("Directory to write the files into (created if needed).", valueName: "dir")) var out: String
    @Option(name: .long, help: "How many districts, instead of the size's own number (1 to 99).") var districts: Int?
    @Option(
        name: .long,
        help:
            "Make the size this many times over (1 to 16): as many more districts, each as large (docs/PERFORMANCE.md measures 1, 4 and 16)."
    )
    var scale: Int = 1
    @Flag(
        name: .customLong("by-district"),
        help: ArgumentHelp(
            "Also cut the set as a province runs it with one daemon per district (docs/upward.md): DIR/by-district/<district>/ "
                + "holds each district's own rows with the district as top unit, DIR/by-district/<province>/ the province's own."))
    var byDistrict = false

    func validate() throws {
        if let districts, !(1...99).contains(districts) { throw ValidationError("--districts must be 1 to 99") }
        guard (1...16).contains(scale) else { throw ValidationError("--scale must be 1 to 16") }
        if districts != nil, scale != 1 { throw ValidationError("give --districts or --scale, not both") }
        guard (2000..<CalendarDay.today().year).contains(year) else {
            throw ValidationError("--year must be a past year (2000 to \(CalendarDay.today().year - 1)): meetings cannot be in the future")
        }
    }

    func run() throws {
        let set = DemoGenerator.generate(size: size, seed: seed, year: year, districts: districts ?? size.districts * scale)
        try Self.write(set, to: out)
        guard byDistrict else { return }
        for part in set.byDistrict() { try Self.write(part.set, to: "\(out)/by-district/\(part.unit)") }
    }

    /// Writes each file with rows (an empty one is left out) and says how many rows it has.
    private static func write(_ set: DemoDataSet, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in set.files where file.rows > 0 {
            try file.csv.write(toFile: "\(directory)/\(file.kind).csv", atomically: true, encoding: .utf8)
            print("\(directory)/\(file.kind).csv: \(VietnameseNumber.integer(file.rows))")
        }
    }
}

struct DemoLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Import every file of a generated data set, in order, over one connection."
    )

    @Argument(help: ArgumentHelp("A directory made by `chibo demo generate`.", valueName: "dir")) var directory: String

    /// How many files are read and checked ahead of the one being sent. Two ahead hid more of the small files'
    /// parses but took the second core from the daemon's apply on a two-core machine: the load took longer.
    static let parsedAhead = 1

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let kinds = ImportKind.allCases.filter { FileManager.default.fileExists(atPath: "\(directory)/\($0.rawValue).csv") }
        guard !kinds.isEmpty else { throw WireError(.invalidArgument, "\(directory) holds no data set CSV files") }
        let bar = ProgressBar(enabled: isatty(STDOUT_FILENO) == 1, language: output.lang)
        let folder = directory
        /// Reads, checks and cuts into chunks a file on another thread: the next file is made ready while the daemon
        /// applies this one.
        func parse(_ kind: ImportKind) -> Task<(CSVRecords, [[Chibo_V1_Record]]), Never> {
            Task.detached {
                let csv = CSVRecords(FileManager.default.contents(atPath: "\(folder)/\(kind.rawValue).csv") ?? Data(), kind: kind)
                return (csv, csv.problems.isEmpty ? Importer.split(csv.records) : [])
            }
        }
        let rows = try await connection.withConnection { connection in
            var rows: [[String]] = []
            var parsing = kinds.prefix(Self.parsedAhead + 1).map(parse)
            for (index, kind) in kinds.enumerated() {
                let path = "\(directory)/\(kind.rawValue).csv"
                let (csv, chunks) = await parsing.removeFirst().value
                if index + Self.parsedAhead + 1 < kinds.count { parsing.append(parse(kinds[index + Self.parsedAhead + 1])) }
                guard csv.problems.isEmpty else {
                    for problem in csv.problems.prefix(20) { FileHandle.standardError.write(Data("\(path):\(problem)\n".utf8)) }
                    throw WireError(.invalidArgument, "\(csv.problems.count) bad row(s) in \(path); stopped before it")
                }
                let result = try await Importer.send(csv, chunks: chunks, over: connection, dryRun: false) { bar.show($0, of: $1) }
                bar.finish()
                rows.append([kind.rawValue, String(Set(csv.lines).count), String(result.inserted), String(result.unchanged)])
            }
            return rows
        }
        let table = output.people
        let listing = Listing(
            columns: [
                Column(key: "kind", vi: "Loại", en: "Kind"), Column(key: "rows", vi: "Số dòng", en: "Rows"),
                Column(key: "inserted", vi: "Ghi mới", en: "Inserted"), Column(key: "unchanged", vi: "Đã có", en: "Already there"),
            ],
            rows: rows.map { row in table ? [row[0]] + row.dropFirst().map { VietnameseNumber.integer(Int($0)!, output.lang) } : row })
        print(listing.render(output), terminator: "")
    }
}

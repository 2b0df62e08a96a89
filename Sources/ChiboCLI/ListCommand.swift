import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboWire
import Foundation

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List records of one kind, with filters.",
        discussion: """
            --search ignores diacritics ("Hoang Duc Anh" finds "Hoàng Đức Anh"); members and officials are listed by \
            given name in Vietnamese order. --unit takes the unit and everything under it.
            """
    )

    @Argument(help: ArgumentHelp("What to list: \(RecordKindArgument.allValueStrings.joined(separator: ", ")).", valueName: "kind"))
    var kind: RecordKindArgument

    @Option(name: .long, help: "Names or texts containing this, ignoring diacritics.") var search: String?
    @Option(name: .long, help: ArgumentHelp("Only records of this unit and the units under it.", valueName: "unit-id")) var unit: String?
    @Option(name: .long, help: ArgumentHelp("Only records of this member.", valueName: "member-id")) var member: String?
    @Option(name: .long, help: ArgumentHelp("Only records of this official.", valueName: "official-id")) var official: String?
    @Option(name: .long, help: ArgumentHelp("Dated on or after this day (dd/MM/yyyy).", valueName: "day")) var from: String?
    @Option(name: .long, help: ArgumentHelp("Dated on or before this day.", valueName: "day")) var until: String?
    @Option(name: .long, help: "At most this many records (default: all).") var limit: Int?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for (flag, value) in [("--from", from), ("--until", until)] {
            if let value, CalendarDay(value) == nil { throw ValidationError("\(flag) \(value) is not a date (dd/MM/yyyy)") }
        }
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError("--limit must be positive") }
    }

    func run() async throws {
        let request = Chibo_V1_ListRecordsRequest.with {
            $0.kind = kind.type.kind.rawValue
            $0.search = search ?? ""
            $0.unitID = unit ?? ""
            $0.memberID = member ?? ""
            $0.officialID = official ?? ""
            $0.from = from.flatMap { CalendarDay($0) }?.iso ?? ""
            $0.until = until.flatMap { CalendarDay($0) }?.iso ?? ""
            if let limit { $0.limit = UInt32(min(limit, ProtocolLimits.maxPageSize)) }
        }
        let records = try await connection.withConnection { connection in
            if let limit, limit <= ProtocolLimits.maxPageSize { return try await connection.list(request).records }
            return Array(try await connection.listAll(request).prefix(limit ?? .max))
        }
        let table = RecordTable(type: kind.type, options: output)
        print(Listing(columns: table.columns, rows: try records.map(table.row)).render(output), terminator: "")
    }
}

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one record by its code.")

    @Argument(
        help: ArgumentHelp(
            "What to show: \(RecordKinds.all.filter { $0.hasCode }.map { $0.listName }.joined(separator: ", ")).", valueName: "kind"))
    var kind: RecordKindArgument
    @Argument(help: "The record's code.") var id: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let request = Chibo_V1_ListRecordsRequest.with {
            $0.kind = kind.type.kind.rawValue; $0.id = id
        }
        let records = try await connection.withConnection { try await $0.list(request).records }
        guard let record = records.first else { throw WireError(.notFound, "no \(kind.type.kind) \(id)") }
        let table = RecordTable(type: kind.type, options: output)
        print(Listing(columns: table.columns, rows: [try table.row(record)]).render(output, single: true), terminator: "")
    }
}

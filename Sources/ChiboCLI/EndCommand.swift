import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboWire
import Foundation

struct EndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "End something still open: a unit, a membership (a member leaving a cell), a position, a member status.",
        discussion: """
            Examples:
              chibo end memberships member_id=DV000001 cell_id=HB.D01.X01.C001 until=31/05/2026
              chibo end positions official_id=CB00001 committee_id=HB role=uv_btv until=30/09/2025
              chibo end units id=HB.D01.X01.C004 until=30/06/2025
              chibo end member-statuses member_id=DV000007 status=exempt until=31/12/2026
            The record keeps its start; only its open end is set. To move a member, end the old membership, then \
            add the new one (chibo add members ... cell_id=NEW from=DAY).
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case units, memberships, positions
        case memberStatuses = "member-statuses"
        var wire: String {
            switch self {
            case .units: "unit"
            case .memberships: "membership"
            case .positions: "position"
            case .memberStatuses: "member_status"
            }
        }
        var recordType: any DomainRecord.Type {
            switch self {
            case .units: PartyUnit.self
            case .memberships: Membership.self
            case .positions: Position.self
            case .memberStatuses: MemberStatusPeriod.self
            }
        }
    }

    @Argument(help: "units, memberships, positions or member-statuses.") var kind: Kind
    @Argument(help: ArgumentHelp("column=value pairs naming the record, and until=DAY.", valueName: "column=value")) var fields: [String]

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var values: [String: String] = [:]
        for field in fields {
            guard let equals = field.firstIndex(of: "=") else { throw ValidationError("\(field) is not column=value") }
            values[String(field[..<equals])] = String(field[field.index(after: equals)...])
        }
        let allowed: Set<String> = ["id", "member_id", "cell_id", "official_id", "committee_id", "role", "status", "until"]
        if let unknown = values.keys.first(where: { !allowed.contains($0) }) { throw ValidationError("unknown column \(unknown)") }
        guard let until = values["until"], CalendarDay(until) != nil else { throw ValidationError("until=DAY (dd/MM/yyyy) is required") }
        let request = Chibo_V1_EndRecordRequest.with {
            $0.kind = kind.wire
            $0.id = values["id"] ?? ""
            $0.memberID = values["member_id"] ?? ""
            $0.cellID = values["cell_id"] ?? ""
            $0.officialID = values["official_id"] ?? ""
            $0.committeeID = values["committee_id"] ?? ""
            $0.role = values["role"] ?? ""
            $0.status = values["status"] ?? ""
            $0.until = CalendarDay(until)!.iso
        }
        let record = try await connection.withConnection { try await $0.end(request) }
        let table = RecordTable(type: kind.recordType, options: output)
        print(Listing(columns: table.columns, rows: [try table.row(record)]).render(output, single: true), terminator: "")
    }
}

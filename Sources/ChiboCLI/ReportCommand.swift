import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboPrint
import ChiboWire
import Foundation

extension ReportKind: ExpressibleByArgument {
    /// On the command line the kinds are written with dashes: visits-by-level. `due` has its own command.
    public init?(argument: String) {
        guard
            let definition = ReportKinds.all.first(where: {
                $0.listed && $0.kind.argument == argument.replacingOccurrences(of: "_", with: "-")
            })
        else { return nil }
        self = definition.kind
    }

    public static var allValueStrings: [String] { ReportKinds.all.filter(\.listed).map(\.kind.argument) }
}

/// Options every report takes.
struct ReportScopeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "2025 (year), 2025-H1, 2025-Q2 or Q2/2025, 2025-05 or 05/2025. Default: this year (this month for coverage).",
            valueName: "period"))
    var period: String?

    @Option(name: .long, help: ArgumentHelp("Only this unit and the units under it.", valueName: "unit-id"))
    var unit: String?

    func validate() throws {
        if let period, Period(period) == nil {
            throw ValidationError("--period \(period) is not a year (2025), half (2025-H1), quarter (2025-Q2) or month (2025-05)")
        }
    }

    var periodCode: String { period.flatMap(Period.init)?.code ?? "" }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The reports committees file, computed by the daemon.",
        discussion: ReportKinds.all.filter(\.listed).map { "\($0.kind.argument): \($0.summary)" }.joined(separator: "\n")
    )

    @Argument(help: ArgumentHelp(ReportKind.allValueStrings.joined(separator: ", ") + ".", valueName: "kind"))
    var kind: ReportKind

    @OptionGroup var scope: ReportScopeOptions

    @Option(name: .long, help: ArgumentHelp("compliance: only this official, with every visit judged.", valueName: "official-id"))
    var official: String?

    @Flag(name: .long, help: "compliance: list every visit and its verdict; coverage: list every cell and how it is covered.")
    var details = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "quality: target share of cells rated tốt, in percent (default: the board's target in its rule set, else \(ReportDefaults.targetPercent)).",
            valueName: "percent"))
    var target: Int?

    @Option(
        name: .customLong("report-due-day"),
        help: ArgumentHelp(
            "regularity: a month's report is due by this day of the next month.", valueName: "day"))
    var reportDueDay: Int = ReportDefaults.reportDueDay

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup(title: "Printing (--format html)") var printing: PrintOptions

    func validate() throws {
        if kind == .due { throw ValidationError("use `chibo due` for what is still due") }
        guard (1...100).contains(target ?? 1) else { throw ValidationError("--target is a percentage from 1 to 100") }
        guard (1...28).contains(reportDueDay) else { throw ValidationError("--report-due-day is a day from 1 to 28") }
        if official != nil, kind != .compliance { throw ValidationError("--official applies to the compliance report") }
    }

    func run() async throws {
        let request = Chibo_V1_ReportRequest.with {
            $0.kind = kind.rawValue
            $0.period = scope.periodCode
            $0.unitID = scope.unit ?? ""
            $0.officialID = official ?? ""
            $0.details = details
            $0.targetPercent = UInt32(target ?? 0)
            $0.reportDueDay = UInt32(reportDueDay)
            $0.language = output.lang.rawValue
        }
        guard output.format == .html else {
            let (report, _) = try await connection.withConnection { try await $0.report(request) }
            print(ReportOutput.render(report, output), terminator: "")
            return
        }
        let page = try await connection.withConnection { connection in
            let (report, _) = try await connection.report(request)
            let period = Period(report.period)
            var reports = [report]
            var title = ReportLabels.title(kind, output.lang) + (period.map { " " + Self.lowercasedFirst($0.label(output.lang)) } ?? "")
            // The monthly report on cell meetings: regularity, participation and quality of the month on one form.
            if kind == .regularity, let period, period.kind == .month {
                for more in [ReportKind.participation, .quality] {
                    var asked = request
                    asked.kind = more.rawValue
                    asked.period = period.code
                    reports.append(try await connection.report(asked).report)
                }
                let month = Self.lowercasedFirst(period.label(output.lang))
                title = (output.lang == .vi ? "Tình hình sinh hoạt chi bộ " : "Party cell meetings, ") + month
            }
            let header = try await printing.header(unit: scope.unit, connection: connection)
            return PrintableReport.html(reports, title: title, header: header, language: output.lang)
        }
        print(page, terminator: "")
    }

    static func lowercasedFirst(_ text: String) -> String { text.prefix(1).lowercased() + text.dropFirst() }
}

struct DueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What each official still owes in the current period, and the days left.",
        discussion: """
            For every rule, the rule's own period that holds today (the month, quarter or year), counting the \
            visits made so far. With --period, the list as it stood on that period's last day (or today, if the \
            period is not over).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Only this official.", valueName: "official-id"))
    var official: String?

    @OptionGroup var scope: ReportScopeOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let request = Chibo_V1_ReportRequest.with {
            $0.kind = ReportKind.due.rawValue
            $0.period = scope.periodCode
            $0.unitID = scope.unit ?? ""
            $0.officialID = official ?? ""
            $0.language = output.lang.rawValue
        }
        let (report, _) = try await connection.withConnection { try await $0.report(request) }
        print(ReportOutput.render(report, output), terminator: "")
    }
}

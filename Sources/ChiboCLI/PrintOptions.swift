import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboPrint
import ChiboWire

/// What `--format html` puts around a report: the committee, the number, the place and date, who signs.
struct PrintOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "html: the issuing committee as printed (default: the name of --unit, or of the top unit).", valueName: "name"))
    var committee: String?

    @Option(name: .long, help: ArgumentHelp("html: the committee above it, printed over its name.", valueName: "name"))
    var superior: String?

    @Option(name: .long, help: ArgumentHelp("html: the document's number, e.g. 45-BC/ĐU (default: dots to fill in).", valueName: "number"))
    var number: String?

    @Option(name: .long, help: ArgumentHelp("html: the place in the date line (default: dots to fill in).", valueName: "place"))
    var place: String?

    @Option(name: .long, help: ArgumentHelp("html: the date of the document, dd/MM/yyyy (default: today).", valueName: "day"))
    var date: String?

    @Option(
        name: .customLong("signer-title"),
        help: ArgumentHelp("html: a line of the signature block, e.g. \"T/M ĐẢNG ỦY\" then \"BÍ THƯ\"; repeat for each.", valueName: "text")
    )
    var signerTitle: [String] = []

    @Option(name: .long, help: ArgumentHelp("html: the name of the one who signs.", valueName: "name"))
    var signer: String?

    @Option(name: .long, help: ArgumentHelp("html: a recipient under \"Nơi nhận\"; repeat for each.", valueName: "text"))
    var recipient: [String] = []

    func validate() throws {
        if let date, CalendarDay(date) == nil { throw ValidationError("--date \(date) is not a day (dd/MM/yyyy)") }
    }

    /// The header, looking up the committee's name on the daemon when it was not given.
    func header(unit: String?, connection: ChiboConnection) async throws -> PrintHeader {
        var name = committee
        if name == nil {
            let units = try await connection.list(
                .with {
                    $0.kind = "unit"; $0.id = unit ?? ""; $0.limit = unit == nil ? 1000 : 1
                }
            ).records.map(\.unit)
            name = (unit == nil ? units.first { $0.parentID.isEmpty } : units.first)?.name
        }
        return PrintHeader(
            superior: superior, committee: name ?? "", number: number, place: place ?? "................",
            date: date.flatMap { CalendarDay($0) } ?? .today(), signerTitle: signerTitle.isEmpty ? ["T/M BAN THƯỜNG VỤ"] : signerTitle,
            signer: signer, recipients: recipient.isEmpty ? ["Lưu văn phòng."] : recipient)
    }
}

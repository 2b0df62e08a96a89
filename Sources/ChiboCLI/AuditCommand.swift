import ArgumentParser
import ChiboModel
import ChiboWire
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the journal of signed requests (admin or auditor key with no scope).",
        subcommands: [AuditVerify.self, AuditShow.self]
    )
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-verify the whole journal: every request's signature with the key that signed it, and the hash chain.",
        discussion: "Exit status 1 when an entry fails, naming it. `chibod audit verify --db FILE` checks a backup offline."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let report = try await connection.withConnection { try await $0.auditVerify() }
        print(AuditOutput.report(report).render(output, single: true), terminator: "")
        if !report.ok { throw WireError(.conflict, report.problem) }
    }
}

struct AuditShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Every change of one record: when, by which key, in which request.",
        discussion: """
            KIND is one of: \(Chibo_V1_AuditShowRequest.kinds.joined(separator: ", ")). \
            A member's changes include its memberships and statuses, an official's its positions.
            """
    )

    @Argument(help: "The kind of record.") var kind: String
    @Argument(help: "Its code (a key: its 32-character id).") var id: String
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let trail = try await connection.withConnection { try await $0.auditShow(kind: kind, id: id) }
        print(AuditOutput.trail(trail, output).render(output), terminator: "")
    }
}

enum AuditOutput {
    static func report(_ report: Chibo_V1_AuditReport) -> Listing {
        Listing(
            columns: [
                Column(key: "ok", vi: "Kết quả", en: "Result"),
                Column(key: "entries", vi: "Số bản ghi nhật ký", en: "Journal entries"),
                Column(key: "keys", vi: "Số khóa đã ký", en: "Signing keys"),
                Column(key: "received_entries", vi: "Số bản ghi nhận từ cấp dưới", en: "Entries received from below"),
                Column(key: "chain_head", vi: "Đầu chuỗi băm", en: "Chain head"),
                Column(key: "problem", vi: "Lỗi", en: "Problem"),
            ],
            rows: [
                [
                    report.ok ? "ok" : "failed", String(report.entries), String(report.keys), String(report.receivedEntries),
                    Hex.encode(report.chainHead), report.problem,
                ]
            ])
    }

    static func trail(_ trail: Chibo_V1_AuditTrail, _ output: OutputOptions) -> Listing {
        let people = output.people
        return Listing(
            columns: [
                Column(key: "seq", vi: "Số", en: "Seq"),
                Column(key: "at", vi: "Thời điểm", en: "Time"),
                Column(key: "key_id", vi: "Khóa ký", en: "Signed by key"),
                Column(key: "key_name", vi: "Người giữ khóa", en: "Key holder"),
                Column(key: "operation", vi: "Thao tác", en: "Operation"),
                Column(key: "detail", vi: "Nội dung", en: "Detail"),
                Column(key: "request_id", vi: "Mã yêu cầu", en: "Request id"),
                Column(key: "origin_unit", vi: "Nhận từ cấp dưới", en: "Received from"),
                Column(key: "origin_key_id", vi: "Khóa máy chủ cấp dưới", en: "Lower daemon key"),
            ],
            rows: trail.changes.map { change in
                [
                    String(change.seq), people ? moment(change.atMs) : String(change.atMs),
                    KeyID(data: change.keyID)?.hex ?? "?", change.keyName, change.operation, change.detail,
                    Hex.encode(change.requestID), change.originUnit,
                    KeyID(data: change.originKeyID)?.hex ?? "",
                ]
            })
    }

    /// dd/MM/yyyy HH:mm:ss in Asia/Ho_Chi_Minh, as the day is everywhere in chibo.
    static func moment(_ milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return String(format: "%02d/%02d/%04d %02d:%02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!, c.second!)
    }
}

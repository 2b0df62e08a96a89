import ArgumentParser
import ChiboModel
import ChiboWire
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Check the daemon: a signed round trip showing its key, protocol version, uptime and your role."
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (status, sealed) = try await connection.withConnection { (try await $0.status(), $0.daemon.transport != nil) }
        let transport =
            switch (output.people, sealed, output.lang) {
            case (true, true, .vi): "mã hóa (\(SealedTransport.feature))"
            case (true, true, .en): "encrypted (\(SealedTransport.feature))"
            case (true, false, .vi): "không mã hóa"
            case (true, false, .en): "plaintext"
            case (_, true, _): "sealed"
            case (_, false, _): "plaintext"
            }
        let role = Role(status.callerRole).map { $0.label(output.lang) } ?? "?"
        let listing = Listing(
            columns: [
                Column(key: "daemon_key_id", vi: "Khóa của daemon", en: "Daemon key"),
                Column(key: "protocol_version", vi: "Phiên bản giao thức", en: "Protocol version"),
                Column(key: "daemon_version", vi: "Phiên bản chibod", en: "chibod version"),
                Column(key: "uptime_seconds", vi: "Thời gian chạy", en: "Uptime"),
                Column(key: "caller_key_id", vi: "Khóa của bạn", en: "Your key"),
                Column(key: "caller_name", vi: "Tên", en: "Name"),
                Column(key: "caller_role", vi: "Vai trò", en: "Role"),
                Column(key: "transport", vi: "Kênh truyền", en: "Transport"),
            ],
            rows: [
                [
                    KeyID(data: status.daemonKeyID)?.hex ?? "?",
                    status.version.text,
                    status.daemonVersion,
                    output.people
                        ? Duration.describe(seconds: status.uptimeSeconds, output.lang)
                        : String(status.uptimeSeconds),
                    KeyID(data: status.callerKeyID)?.hex ?? "?",
                    status.callerName,
                    output.people ? role : (Role(status.callerRole)?.rawValue ?? ""),
                    transport,
                ]
            ])
        print(listing.render(output, single: true), terminator: "")
    }
}

enum Duration {
    static func describe(seconds: UInt64, _ language: Language) -> String {
        let (d, h, m, s) = (seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60)
        let units = language == .vi ? ["ngày", "giờ", "phút", "giây"] : ["d", "h", "min", "s"]
        let parts = zip([d, h, m, s], units).filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "0 \(units[3])" : parts.prefix(2).joined(separator: " ")
    }
}

import ArgumentParser
import ChiboModel
import ChiboWire
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take a consistent copy of the daemon's database while it serves (admin key with no scope).",
        discussion: """
            The daemon snapshots its database (SQLite VACUUM INTO, while writes go on) and streams it over the \
            connection (encrypted on TCP). FILE is written with mode 0600 and appears only once whole and checked \
            against the daemon's SHA-256. The daemon's secret key is not in it: keep a copy of DATA/daemon.key \
            somewhere safe, as `chibod restore --daemon-key` needs it. docs/operations.md has a schedule.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Where to write the backup; must not exist.", valueName: "file"))
    var out: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if FileManager.default.fileExists(atPath: out) { throw ValidationError("\(out) already exists; a backup never overwrites") }
    }

    func run() async throws {
        let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1, language: output.lang)
        let bytes = try await connection.withConnection { connection in
            try await connection.backup(to: out) { done, total in
                bar.show(Int(done >> 10), of: Int(max(total >> 10, 1)), unit: ("KiB", "KiB"))
            }
        }
        bar.finish()
        let size = VietnameseNumber.integer(Int(bytes), output.lang)
        print(output.lang == .vi ? "đã sao lưu \(size) byte vào \(out)" : "backed up \(size) bytes to \(out)")
    }
}

import ArgumentParser
import ChiboServer
import ChiboWire
import Foundation

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a data directory from a backup, with the daemon key clients have pinned.",
        discussion: """
            FILE is a backup from `chibo backup`. --daemon-key is the daemon's secret key file (DATA/daemon.key of \
            the server the backup came from, kept safe apart from backups): with it the restored daemon has the \
            same key id, so every client's pin still holds. The journal is verified before anything is written; \
            NEWDIR is created with mode 0700 and the key with mode 0600, and appears only when complete.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The backup file.", valueName: "file")) var from: String
    @Option(name: .long, help: ArgumentHelp("The data directory to create; must not exist.", valueName: "dir")) var data: String
    @Option(name: .customLong("daemon-key"), help: ArgumentHelp("The daemon's secret key file.", valueName: "file"))
    var daemonKey: String

    func run() async throws {
        let key: SigningKey
        do {
            key = try KeyFile.readSecret(at: daemonKey)
        } catch {
            throw ValidationError("cannot read the daemon key \(daemonKey)")
        }
        let restored = try await DataDirectory.restore(from: from, at: data, daemonKey: key)
        print("restored \(restored.directory.path) from \(from)")
        print("journal:       \(restored.report.entries) entries verified")
        print("daemon key id: \(key.id)")
    }
}

import ArgumentParser
import ChiboServer
import ChiboStore
import ChiboWire
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check a database without a daemon.", subcommands: [AuditVerifyCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-verify a database's journal offline: every signature and the hash chain.",
        discussion: """
            Opens FILE read-only (a backup from `chibo backup`, or DATA/chibo.sqlite of a stopped daemon) and \
            changes nothing in it. Prints entries, signing keys and the chain head; exit status 1, naming the \
            first failing entry, when the journal does not verify.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "file"))
    var db: String

    func run() async throws {
        let store = try Store.openReadOnly(at: db, hash: { Data(Sodium.sha256($0)) })
        let report = try await JournalAudit.verify(store)
        let head = Hex.encode(report.chainHead)
        print("entries:    \(report.entries)")
        print("keys:       \(report.keys)")
        print("chain head: \(head.isEmpty ? "-" : head)")
        guard report.ok else {
            FileHandle.standardError.write(Data("chibod: audit failed: \(report.problem)\n".utf8))
            throw ExitCode(1)
        }
        print("ok")
    }
}

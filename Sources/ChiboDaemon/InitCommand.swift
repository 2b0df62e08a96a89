import ArgumentParser
import ChiboServer
import ChiboWire
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a data directory: database, daemon key pair, and the first admin key.",
        discussion: """
            The directory is created with mode 0700 and must not exist yet. The admin key is a public key \
            file made by `chibo key new` (the .pub file), or the key's text itself.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Data directory to create.", valueName: "dir"))
    var data: String

    @Option(name: .customLong("admin-key"), help: ArgumentHelp("The first admin's public key file.", valueName: "file"))
    var adminKey: String

    @Option(name: .long, help: "Name recorded for the first admin (default: the name in the key file, or \"admin\").")
    var name: String?

    func run() throws {
        let admin: (key: PublicKey, name: String)
        do {
            admin =
                FileManager.default.fileExists(atPath: adminKey)
                ? try KeyFile.readPublic(at: adminKey) : try KeyFile.parsePublic(adminKey)
        } catch {
            throw ValidationError("\(adminKey) is neither a chibo public key file nor a public key")
        }
        let directory = try DataDirectory.initialise(at: data, admin: admin.key, adminName: name ?? admin.name)
        let daemonKey = try directory.loadDaemonKey()
        print("initialised \(directory.path)")
        print("daemon key id: \(daemonKey.id)")
        print("first admin:   \(admin.key.id)")
    }
}

import ArgumentParser
import ChiboServer

struct RotateKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Replace the daemon's key pair; run it with the daemon stopped.",
        discussion: """
            The new key is announced by a statement signed with the old one, which the daemon sends in every \
            handshake: clients that pinned the old key follow it to the new one and update their pin; anything \
            else is still refused. The old secret key is destroyed.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The data directory.", valueName: "dir"))
    var data: String

    func run() throws {
        let (old, new) = try DataDirectory(path: data).rotateDaemonKey()
        print("daemon key rotated: \(old) -> \(new)")
    }
}

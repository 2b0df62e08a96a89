import ArgumentParser
import ChiboWire
import Foundation

public struct ChiboCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chibo",
        abstract: "The clerk's command for chibo: party committees' attendance at party-cell meetings.",
        discussion: """
            chibo talks to a running chibod over its Unix socket (--socket) or TCP (--connect), signing every \
            request with your key. Connection options may also come before the command (chibo --socket S list \
            units), and defaults for them can be kept in \(Paths.configFile) (socket = ..., connect = ..., key = ..., \
            daemon-key = ...). Exit status: 0 success, 1 the daemon or input refused the request, 64 usage error, \
            3 the daemon's key changed, 4 the daemon could not be reached.
            """,
        version: ChiboVersion.string,
        subcommands: [
            StatusCommand.self, AddCommand.self, EndCommand.self, ListCommand.self, ShowCommand.self, ImportCommand.self,
            ReportCommand.self, DueCommand.self, RulesCommand.self, DemoCommand.self, KeyCommand.self, AuditCommand.self,
            BackupCommand.self, UpstreamCommand.self, BundleCommand.self,
        ]
    )

    public init() {}
}

/// Entry point for the executable: prints errors as `chibo: error [code]: message` with the exit status
/// documented above.
public enum Chibo {
    public static func main() async {
        do {
            var command = try ChiboCommand.parseAsRoot(CLIDefaults.hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst())))
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as WireError {
            FileHandle.standardError.write(Data("chibo: error [\(error.code)]: \(error.message)\n".utf8))
            exit(exitStatus(error.code))
        } catch {
            ChiboCommand.exit(withError: error)
        }
    }

    static func exitStatus(_ code: WireError.Code) -> Int32 {
        switch code {
        case .daemonKeyChanged: 3
        case .cannotConnect: 4
        default: 1
        }
    }
}

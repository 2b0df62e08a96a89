import ArgumentParser
import ChiboWire

public struct ChibodCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chibod",
        abstract: "The chibo daemon: owns the party-cell meeting records and serves them over the signed protocol.",
        version: ChiboVersion.string,
        subcommands: [InitCommand.self, RunCommand.self, RotateKeyCommand.self, AuditCommand.self, RestoreCommand.self]
    )

    public init() {}
}

/// Entry point for the executable. Calling `main()` from an async function makes Swift choose
/// argument-parser's async overload, which `run` needs.
public enum Chibod {
    public static func main() async {
        await ChibodCommand.main(nil)
    }
}

import Foundation

/// Where chibo keeps its own files: `$XDG_CONFIG_HOME/chibo`, else `~/.config/chibo`.
enum Paths {
    static var configDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/chibo" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/chibo"
    }

    static var defaultKey: String { configDirectory + "/key" }
    static var knownDaemons: String { configDirectory + "/known_daemons" }
    static let defaultSocket = "/var/lib/chibo/chibod.sock"
}

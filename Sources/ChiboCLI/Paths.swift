import ChiboClient

/// Where chibo keeps its own files: `$XDG_CONFIG_HOME/chibo`, else `~/.config/chibo`.
enum Paths {
    static var defaultKey: String { KnownDaemons.configDirectory + "/key" }
    static var configFile: String { KnownDaemons.configDirectory + "/config" }
    static let defaultSocket = "/var/lib/chibo/data/chibod.sock"
}

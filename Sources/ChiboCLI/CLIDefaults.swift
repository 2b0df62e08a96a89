import Foundation

/// Defaults for the connection options, kept in `~/.config/chibo/config` so a clerk does not repeat them:
/// one `name = value` per line (`socket`, `connect`, `key`, `daemon-key`), `#` for comments. Flags win over
/// the environment, which wins over this file.
struct CLIDefaults {
    static let names: Set<String> = ["socket", "connect", "key", "daemon-key"]
    let values: [String: String]

    /// The file's values; a line the file should not hold stops the command with its line number.
    static func load(path: String = Paths.configFile) throws -> CLIDefaults {
        guard let data = FileManager.default.contents(atPath: path) else { return CLIDefaults(values: [:]) }
        var values: [String: String] = [:]
        for (offset, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, names.contains(parts[0]), !parts[1].isEmpty else {
                throw CLIDefaultsError(
                    "\(path):\(offset + 1): write \"name = value\" with name one of \(names.sorted().joined(separator: ", "))")
            }
            values[parts[0]] = parts[1]
        }
        return CLIDefaults(values: values)
    }

    /// Moves the options that belong to every command from before the subcommand to after it, so that
    /// `chibo --socket S list units` reads as `chibo list units --socket S`.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        let global: Set<String> = ["--socket", "--connect", "--key", "--daemon-key", "--lang", "--format"]
        var leading: [String] = []
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("--") {
            let name = String(first.split(separator: "=", maxSplits: 1)[0])
            guard global.contains(name) else { break }
            leading.append(first)
            rest = rest.dropFirst()
            if !first.contains("="), let value = rest.first {
                leading.append(value)
                rest = rest.dropFirst()
            }
        }
        return Array(rest) + leading
    }
}

struct CLIDefaultsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

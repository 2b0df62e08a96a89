import ChiboWire
import Foundation

/// Daemon keys pinned on first contact, like SSH's known_hosts: one line per endpoint,
/// `<endpoint> <daemon key id>`. A daemon that later shows another key is refused loudly.
public struct KnownDaemons: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_CONFIG_HOME/chibo/known_daemons`, else `~/.config/chibo/known_daemons`.
    public static var userDefault: KnownDaemons {
        KnownDaemons(path: configDirectory + "/known_daemons")
    }

    /// Where chibo keeps the user's own files.
    public static var configDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/chibo" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/chibo"
    }

    public func pinned(_ endpoint: Endpoint) -> KeyID? {
        entries()[endpoint.description]
    }

    public func pin(_ endpoint: Endpoint, to key: KeyID) throws {
        var entries = entries()
        entries[endpoint.description] = key
        let text = entries.keys.sorted().map { "\($0) \(entries[$0]!.hex)\n" }.joined()
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try KeyFile.writePrivately(text, to: path, mode: 0o600, overwrite: true)
    }

    private func entries() -> [String: KeyID] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { return [:] }
        var result: [String: KeyID] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let id = KeyID(hex: String(parts[1])) { result[String(parts[0])] = id }
        }
        return result
    }
}

/// What the trust check concluded, for the caller to tell the user.
public enum TrustOutcome: Sendable, Equatable {
    /// The key is the expected or pinned one.
    case trusted
    /// No key was pinned for this endpoint; this one now is.
    case pinnedOnFirstUse(KeyID)
    /// The pinned key handed over, through a verified chain of rotations, to this one; the pin now follows.
    case followedRotation(from: KeyID, to: KeyID)
}

/// How the client decides to trust the daemon it reached.
public enum DaemonTrust: Sendable {
    /// Only this key id is accepted (`--daemon-key`).
    case expect(KeyID)
    /// Trust on first use, pinned in the file; afterwards only the pinned key or a key it rotated to.
    case pinned(KnownDaemons)

    func check(_ daemon: ClientSession.Established, at endpoint: Endpoint) throws -> TrustOutcome {
        let key = daemon.daemonKey
        switch self {
        case .expect(let expected):
            guard key.id == expected else {
                throw WireError(
                    .daemonKeyChanged,
                    "the daemon at \(endpoint) has key \(key.id), not the expected \(expected)")
            }
            return .trusted
        case .pinned(let known):
            guard let pinned = known.pinned(endpoint) else {
                try known.pin(endpoint, to: key.id)
                return .pinnedOnFirstUse(key.id)
            }
            if pinned == key.id { return .trusted }
            guard KeyRotation.chainLeads(from: pinned, to: key, through: daemon.rotations) else {
                throw WireError(
                    .daemonKeyChanged,
                    """
                    THE DAEMON KEY HAS CHANGED for \(endpoint): pinned \(pinned), now \(key.id), and the daemon \
                    shows no rotation signed by the pinned key. Someone may be impersonating the daemon. If you know \
                    the key was replaced, remove the line for \(endpoint) from \(known.path) and connect again.
                    """)
            }
            try known.pin(endpoint, to: key.id)
            return .followedRotation(from: pinned, to: key.id)
        }
    }
}

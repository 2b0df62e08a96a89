import ArgumentParser
import ChiboClient
import ChiboWire
import Foundation

/// How to reach the daemon and which key signs. Flags win over the environment.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's Unix socket (env CHIBO_SOCKET; default \(Paths.defaultSocket)).", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("The daemon's TCP address (env CHIBO_CONNECT).", valueName: "host:port"))
    var connect: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Your secret key file (env CHIBO_KEY; default ~/.config/chibo/key).", valueName: "file"))
    var key: String?

    @Option(
        name: .customLong("daemon-key"),
        help: ArgumentHelp(
            "Accept only a daemon with this key id, instead of the key pinned on first contact.", valueName: "key-id"))
    var daemonKey: String?

    func validate() throws {
        if case .failure(let error) = Self.fileDefaults { throw ValidationError("\(error)") }
        if let connect = fromFile("connect"), HostAndPort(connect) == nil {
            throw ValidationError("\(Paths.configFile): connect takes HOST:PORT, not \(connect)")
        }
        if let daemonKey = fromFile("daemon-key"), KeyID(hex: daemonKey) == nil {
            throw ValidationError("\(Paths.configFile): daemon-key takes a 32-character key id")
        }
        if socket != nil, connect != nil { throw ValidationError("give --socket or --connect, not both") }
        if let connect, HostAndPort(connect) == nil { throw ValidationError("--connect takes HOST:PORT, not \(connect)") }
        if let daemonKey, KeyID(hex: daemonKey) == nil {
            throw ValidationError("--daemon-key takes a 32-character key id as printed by `chibo status`")
        }
    }

    /// The config file's defaults (CLIDefaults), read once per command.
    private static let fileDefaults = Result { try CLIDefaults.load() }

    private func fromFile(_ name: String) -> String? {
        (try? Self.fileDefaults.get())?.values[name]
    }

    var endpoint: Endpoint {
        let environment = ProcessInfo.processInfo.environment
        if let socket { return .unixSocket(socket) }
        if let connect, let address = HostAndPort(connect) { return .tcp(address) }
        if let socket = environment["CHIBO_SOCKET"], !socket.isEmpty { return .unixSocket(socket) }
        if let connect = environment["CHIBO_CONNECT"], let address = HostAndPort(connect) { return .tcp(address) }
        if let socket = fromFile("socket") { return .unixSocket(socket) }
        if let connect = fromFile("connect"), let address = HostAndPort(connect) { return .tcp(address) }
        return .unixSocket(Paths.defaultSocket)
    }

    var keyPath: String {
        key ?? ProcessInfo.processInfo.environment["CHIBO_KEY"].flatMap { $0.isEmpty ? nil : $0 } ?? fromFile("key")
            ?? Paths.defaultKey
    }

    func signingKey() throws -> SigningKey {
        do {
            return try KeyFile.readSecret(at: keyPath)
        } catch {
            throw WireError(.invalidArgument, "cannot read your key \(keyPath); make one with `chibo key new`")
        }
    }

    var trust: DaemonTrust {
        if let daemonKey = daemonKey ?? fromFile("daemon-key"), let id = KeyID(hex: daemonKey) { return .expect(id) }
        return .pinned(.userDefault)
    }

    /// Connects with the caller's key, runs `body`, closes.
    /// Tells the user on stderr when a daemon key was pinned or a rotation followed, as SSH does.
    func withConnection<Result: Sendable>(_ body: (ChiboConnection) async throws -> Result) async throws -> Result {
        let endpoint = self.endpoint
        return try await ChiboConnection.with(endpoint, key: try signingKey(), trust: trust, clientName: "chibo-cli/\(ChiboVersion.string)")
        {
            connection in
            switch connection.trust {
            case .trusted: break
            case .pinnedOnFirstUse(let key):
                FileHandle.standardError.write(Data("chibo: first contact with \(endpoint): pinned daemon key \(key)\n".utf8))
            case .followedRotation(let old, let new):
                FileHandle.standardError.write(
                    Data(
                        "chibo: the daemon at \(endpoint) rotated its key from \(old) to \(new) (signed by the old key); pin updated\n".utf8
                    ))
            }
            return try await body(connection)
        }
    }
}

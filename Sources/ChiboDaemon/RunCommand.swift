import ArgumentParser
import ChiboServer
import ChiboWire
import Foundation
import Logging
import NIOCore
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Serve the data directory on its Unix socket and, with --listen, on TCP.",
        discussion: """
            When every listener is bound, one line goes to standard output: \
            `chibod ready socket=PATH tcp=HOST:PORT daemon-key=ID` (tcp=off without --listen); \
            scripts can wait for it. Logs go to standard error. SIGTERM or SIGINT stop the daemon \
            gracefully: no new connections, requests in flight answered, socket removed.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Data directory made by `chibod init`.", valueName: "dir"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Also listen on TCP, e.g. 127.0.0.1:7433 (port 0: any free port).", valueName: "host:port"))
    var listen: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(name: .customLong("handshake-timeout"), help: "Seconds a new connection has to finish its handshake.")
    var handshakeTimeout: Double = 10

    @Option(name: .customLong("frame-timeout"), help: "Seconds a started frame has to arrive in full.")
    var frameTimeout: Double = 15

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may stay silent.")
    var idleTimeout: Double = 300

    @Option(name: .customLong("max-connections"), help: "Connections served at once.")
    var maxConnections: Int = 256

    @Option(name: .customLong("max-in-flight"), help: "Requests in flight per connection.")
    var maxInFlight: Int = 16

    func validate() throws {
        if let listen, HostAndPort(listen) == nil { throw ValidationError("--listen takes HOST:PORT, not \(listen)") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        for (name, value) in [("handshake", handshakeTimeout), ("frame", frameTimeout), ("idle", idleTimeout)] {
            guard value > 0 else { throw ValidationError("--\(name)-timeout must be positive") }
        }
        guard maxConnections > 0, maxInFlight > 0 else { throw ValidationError("limits must be positive") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "chibod")
        var limits = ProtocolLimits()
        limits.handshakeTimeout = .seconds(handshakeTimeout)
        limits.frameTimeout = .seconds(frameTimeout)
        limits.idleTimeout = .seconds(idleTimeout)
        limits.maxConnections = maxConnections
        limits.maxInFlight = maxInFlight
        let configuration = ServerConfiguration(
            dataDirectory: DataDirectory(path: data), tcp: listen.flatMap(HostAndPort.init), limits: limits)
        let service = ChiboService(configuration: configuration, logger: logger) { socket, tcp in
            let daemonKey = (try? KeyFile.readPublic(at: configuration.dataDirectory.daemonPublicKey))?.key.id
            let line = "chibod ready socket=\(socket) tcp=\(tcp?.description ?? "off") daemon-key=\(daemonKey?.hex ?? "?")\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

extension TimeAmount {
    static func seconds(_ value: Double) -> TimeAmount { .nanoseconds(Int64(value * 1_000_000_000)) }
}

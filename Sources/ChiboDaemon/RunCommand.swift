import ArgumentParser
import ChiboServer
import ChiboWire
import Foundation
import Logging
import Metrics
import NIOCore
import Prometheus
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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve Prometheus metrics on http://HOST:PORT/metrics (plain HTTP: loopback or a management network).",
            valueName: "host:port"))
    var metrics: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Push this daemon's journal, as it grows, to the upper daemon at HOST:PORT (confidential TCP). "
                + "Enrol DATA/daemon.pub there first with --role reporter (docs/upward.md).",
            valueName: "host:port"))
    var upstream: String?

    @Option(
        name: .customLong("upstream-daemon-key"),
        help: ArgumentHelp(
            "The upper daemon's key id (32 hex characters). Without it the key shown first is pinned in DATA/known_daemons.",
            valueName: "id"))
    var upstreamDaemonKey: String?

    @Option(
        name: .customLong("upstream-bundle-bytes"),
        help: ArgumentHelp("Bytes of journal entries per pushed bundle (default: half of --max-frame-bytes); smaller for a slow link."))
    var upstreamBundleBytes: Int = 0

    @Option(
        name: .customLong("max-commit-group"),
        help: "Concurrent writes committed (and synced) together at the most; 1 commits each alone.")
    var maxCommitGroup: Int = 256

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Flag(
        name: .customLong("allow-plaintext-tcp"),
        help: ArgumentHelp(
            "Also serve TCP clients that do not encrypt (protocol 1.0). Loopback addresses only: on any other "
                + "address members' names would cross the network in clear."))
    var allowPlaintextTCP = false

    @Option(name: .customLong("handshake-timeout"), help: "Seconds a new connection has to finish its handshake.")
    var handshakeTimeout: Double = Self.defaults.handshakeTimeout.seconds

    @Option(name: .customLong("frame-timeout"), help: "Seconds a started frame has to arrive in full.")
    var frameTimeout: Double = Self.defaults.frameTimeout.seconds

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may stay silent.")
    var idleTimeout: Double = Self.defaults.idleTimeout.seconds

    @Option(name: .customLong("max-connections"), help: "Connections served at once.")
    var maxConnections: Int = Self.defaults.maxConnections

    @Option(name: .customLong("authentication-timeout"), help: "Seconds from connect to the first admitted signed request.")
    var authenticationTimeout: Double = Self.defaults.authenticationTimeout.seconds

    @Option(name: .customLong("max-unauthenticated"), help: "TCP connections are refused while this many have not authenticated.")
    var maxUnauthenticated: Int = Self.defaults.maxUnauthenticatedConnections

    @Option(name: .customLong("max-connections-per-address"), help: "TCP connections from one address at once.")
    var maxConnectionsPerAddress: Int = Self.defaults.maxConnectionsPerAddress

    @Option(name: .customLong("reserved-unix-connections"), help: "Connection slots only the Unix socket may use.")
    var reservedUnixConnections: Int = Self.defaults.reservedUnixConnections

    @Option(name: .customLong("max-import-chunks"), help: "Chunks one import may stage before its last.")
    var maxImportChunks: Int = Self.defaults.maxImportChunks

    @Option(name: .customLong("max-staged-bytes-per-key"), help: "Bytes of unfinished imports one key may hold.")
    var maxStagedBytesPerKey: Int = Self.defaults.maxStagedBytesPerKey

    @Option(name: .customLong("max-open-imports-per-key"), help: "Unfinished imports one key may have at once.")
    var maxOpenImportsPerKey: Int = Self.defaults.maxOpenImportsPerKey

    @Option(name: .customLong("import-lifetime"), help: "Seconds after which an unfinished import is dropped.")
    var importLifetime: Double = Self.defaults.importLifetime.seconds

    @Option(name: .customLong("import-sweep-interval"), help: "Seconds between looks for unfinished imports to drop.")
    var importSweepInterval: Double = Self.defaults.importSweepInterval.seconds

    @Option(
        name: .customLong("import-chunk-wait"),
        help: "Seconds an import's chunk that arrives early waits for the chunks before it to be staged.")
    var importChunkWait: Double = Self.defaults.importChunkWait.seconds

    @Option(name: .customLong("max-in-flight"), help: "Requests in flight per connection.")
    var maxInFlight: Int = Self.defaults.maxInFlight

    @Option(name: .customLong("max-frame-bytes"), help: "Largest frame accepted from an authenticated peer, in bytes.")
    var maxFrameBytes: UInt32 = Self.defaults.maxFrameBytes

    @Option(name: .customLong("max-frame-bytes-before-auth"), help: "Largest frame accepted before a peer's first request is admitted.")
    var maxFrameBytesBeforeAuth: UInt32 = Self.defaults.maxFrameBytesBeforeAuth

    @Option(name: .customLong("timestamp-window"), help: "Seconds a request's clock may differ from the daemon's.")
    var timestampWindow: Double = Double(Self.defaults.timestampWindowMilliseconds) / 1000

    @Option(name: .customLong("max-message-depth"), help: "Protobuf nesting depth allowed when decoding a peer's bytes.")
    var maxMessageDepth: Int = Self.defaults.messageDepthLimit

    private static let defaults = ProtocolLimits()

    func validate() throws {
        if let listen, HostAndPort(listen) == nil { throw ValidationError("--listen takes HOST:PORT, not \(listen)") }
        if let metrics, HostAndPort(metrics) == nil { throw ValidationError("--metrics takes HOST:PORT, not \(metrics)") }
        if let upstream, HostAndPort(upstream) == nil { throw ValidationError("--upstream takes HOST:PORT, not \(upstream)") }
        if let upstreamDaemonKey, KeyID(hex: upstreamDaemonKey) == nil {
            throw ValidationError("--upstream-daemon-key takes a key id of 32 hex characters, not \(upstreamDaemonKey)")
        }
        if upstream == nil, upstreamDaemonKey != nil { throw ValidationError("--upstream-daemon-key needs --upstream") }
        if maxCommitGroup < 1 { throw ValidationError("--max-commit-group must be at least 1") }
        if upstreamBundleBytes < 0 { throw ValidationError("--upstream-bundle-bytes cannot be negative") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level \(logLevel)") }
        do {
            _ = try configuration()
        } catch let error as ServerError {
            throw ValidationError(error.message)
        }
    }

    /// The settings as the flags give them; `ServerConfiguration` checks them.
    private func configuration() throws -> ServerConfiguration {
        var limits = ProtocolLimits()
        limits.handshakeTimeout = .seconds(handshakeTimeout)
        limits.frameTimeout = .seconds(frameTimeout)
        limits.idleTimeout = .seconds(idleTimeout)
        limits.maxConnections = maxConnections
        limits.maxInFlight = maxInFlight
        limits.authenticationTimeout = .seconds(authenticationTimeout)
        limits.maxUnauthenticatedConnections = maxUnauthenticated
        limits.maxConnectionsPerAddress = maxConnectionsPerAddress
        limits.reservedUnixConnections = reservedUnixConnections
        limits.maxImportChunks = maxImportChunks
        limits.maxStagedBytesPerKey = maxStagedBytesPerKey
        limits.maxOpenImportsPerKey = maxOpenImportsPerKey
        limits.importLifetime = .seconds(importLifetime)
        limits.importSweepInterval = .seconds(importSweepInterval)
        limits.importChunkWait = .seconds(importChunkWait)
        limits.maxFrameBytes = maxFrameBytes
        limits.maxFrameBytesBeforeAuth = maxFrameBytesBeforeAuth
        limits.timestampWindowMilliseconds = Int64(timestampWindow * 1000)
        limits.messageDepthLimit = maxMessageDepth
        var configuration = try ServerConfiguration(
            dataDirectory: DataDirectory(path: data), tcp: listen.flatMap(HostAndPort.init), limits: limits,
            allowPlaintextTCP: allowPlaintextTCP)
        configuration.maxCommitGroup = maxCommitGroup
        if let address = upstream.flatMap(HostAndPort.init) {
            configuration.upstream = UpstreamTarget(
                address: address, daemonKey: upstreamDaemonKey.flatMap { KeyID(hex: $0) }, maxBundleBytes: upstreamBundleBytes)
        }
        return configuration
    }

    func run() async throws {
        MallocArenas.limit()
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "chibod")
        var configuration = try configuration()
        if let address = metrics.flatMap(HostAndPort.init) {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            configuration.metrics = (address, registry)
        }
        let service = ChiboService(configuration: configuration, logger: logger) { [configuration] socket, tcp, metrics in
            let daemonKey = (try? KeyFile.readPublic(at: configuration.dataDirectory.daemonPublicKey))?.key.id
            let line =
                "chibod ready socket=\(socket) tcp=\(tcp?.description ?? "off") daemon-key=\(daemonKey?.hex ?? "?")"
                + (metrics.map { " metrics=\($0)" } ?? "") + "\n"
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
    var seconds: Double { Double(nanoseconds) / 1_000_000_000 }
}

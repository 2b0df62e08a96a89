import ChiboClient
import ChiboStore
import ChiboWire
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The daemon as a `Service`: serves the Unix socket (and TCP when configured) until graceful shutdown,
/// then stops accepting, lets every connection answer what it has in flight, and removes the socket.
public struct ChiboService: Service {
    /// nil for a connection the table refused: it was closed in the initializer, before any handler or task
    /// was spent on it.
    typealias ServerChannel = NIOAsyncChannel<AcceptedConnection?, Never>

    /// A new connection, the frame limit its decoder reads (which rises once the peer authenticates), and the
    /// handler that seals its frames once the key exchange is done.
    struct AcceptedConnection: Sendable {
        let id: Int
        let channel: NIOAsyncChannel<InboundItem, ByteBuffer>
        let maxFrameBytes: NIOLoopBoundBox<UInt32>
        let sealing: NIOLoopBound<SealingHandler>
        let timeouts: NIOLoopBound<ConnectionTimeouts>
        let activity: ConnectionActivity
        /// TCP without `--allow-plaintext-tcp`: a client must ask for the confidential transport.
        let requireSealing: Bool
    }

    private let configuration: ServerConfiguration
    private let logger: Logger
    private let onReady: @Sendable (_ unixSocket: String, _ tcp: HostAndPort?, _ metrics: HostAndPort?) -> Void

    /// - Parameter onReady: called once every listener is bound, with the actual TCP and metrics ports.
    public init(
        configuration: ServerConfiguration, logger: Logger,
        onReady: @escaping @Sendable (_ unixSocket: String, _ tcp: HostAndPort?, _ metrics: HostAndPort?) -> Void = { _, _, _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let directory = configuration.dataDirectory
        let daemonKey = try directory.loadDaemonKey()
        let lock = try ProcessLock(path: directory.lock)
        let store = try directory.openStore(maxCommitGroup: configuration.maxCommitGroup)
        let context = ServerContext(
            daemonKey: daemonKey, rotations: try directory.rotationChain(endingAt: daemonKey.publicKey, store: store),
            store: store, keys: try await KeyRegistry(store: store), backups: Backups(directory: directory.backups),
            limits: configuration.limits, startedAt: .now, logger: logger)

        // Holding the lock means no other daemon owns this directory, so a socket file left there is stale.
        try? FileManager.default.removeItem(atPath: directory.socket)
        let connections = ConnectionTable(limits: configuration.limits, logger: logger)
        let unix = try await bind(context, connections, unix: true) { bootstrap, initializer in
            try await bootstrap.bind(unixDomainSocketPath: directory.socket, childChannelInitializer: initializer)
        }
        defer { try? FileManager.default.removeItem(atPath: directory.socket) }
        chmod(directory.socket, 0o600)
        var tcpListener: ServerChannel?
        var tcpAddress: HostAndPort?
        if let tcp = configuration.tcp {
            let channel = try await bind(context, connections, unix: false) { bootstrap, initializer in
                try await bootstrap.bind(host: tcp.host, port: tcp.port, childChannelInitializer: initializer)
            }
            tcpListener = channel
            tcpAddress = HostAndPort(host: tcp.host, port: channel.channel.localAddress?.port ?? tcp.port)
        }
        var metricsChannel: Channel?
        var metricsAddress: HostAndPort?
        if let metrics = configuration.metrics {
            let channel = try await MetricsEndpoint.bind(metrics.address, registry: metrics.registry)
            metricsChannel = channel
            metricsAddress = HostAndPort(host: metrics.address.host, port: channel.localAddress?.port ?? metrics.address.port)
        }
        defer { metricsChannel?.close(promise: nil) }
        let listeners = [unix] + (tcpListener.map { [$0] } ?? [])
        logger.notice(
            "chibod serving",
            metadata: [
                "socket": "\(directory.socket)", "tcp": "\(tcpAddress.map(\.description) ?? "off")",
                "daemon-key": "\(daemonKey.id)",
            ])
        onReady(directory.socket, tcpAddress, metricsAddress)

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for listener in listeners {
                    group.addTask { try await accept(on: listener, context: context, connections: connections) }
                }
                if configuration.metrics != nil {
                    group.addTask { await Self.untilShutdown(every: .seconds(15)) { await recordStorage(store, directory: directory) } }
                }
                // Unfinished imports are dropped at start and then as they age.
                let sweep = Duration.nanoseconds(configuration.limits.importSweepInterval.nanoseconds)
                group.addTask { await Self.untilShutdown(every: sweep) { try? await sweepImports(store) } }
                if let upstream = configuration.upstream {
                    let pusher = UpstreamPusher(
                        address: upstream.address,
                        trust: upstream.daemonKey.map { .expect($0) } ?? .pinned(KnownDaemons(path: directory.knownDaemons)),
                        bundles: UpstreamBundles(store: store, daemonKey: daemonKey, limits: configuration.limits),
                        maxBundleBytes: upstream.maxBundleBytes, logger: logger)
                    group.addTask { try? await cancelWhenGracefulShutdown { await pusher.run() } }
                }
            }
        } onGracefulShutdown: {
            logger.notice("shutting down: no new connections, answering requests in flight")
            for listener in listeners { listener.channel.close(promise: nil) }
        }
        withExtendedLifetime(lock) {}
        try store.close()
        logger.notice("chibod stopped")
    }

    /// Runs `body` now and then every `interval` until the daemon shuts down.
    private static func untilShutdown(every interval: Duration, _ body: @escaping @Sendable () async -> Void) async {
        try? await cancelWhenGracefulShutdown {
            while true {
                await body()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// The journal's length and the database's size on disk (with its WAL), for the metrics.
    private func recordStorage(_ store: Store, directory: DataDirectory) async {
        guard let entries = try? await store.journalCount() else { return }
        let bytes = [directory.database, directory.database + "-wal"].reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
        }
        DaemonMetrics.storage(journalEntries: entries, databaseBytes: bytes)
    }

    private func sweepImports(_ store: Store) async throws {
        let lifetime = configuration.limits.importLifetime.nanoseconds / 1_000_000
        let dropped = try await store.dropAbandonedImports(before: ServerContext.nowMilliseconds() - lifetime)
        if dropped > 0 {
            logger.notice(
                "dropped staged chunks of unfinished imports", metadata: ["chunks": "\(dropped)", "older-than-ms": "\(lifetime)"])
        }
    }

    private func bind(
        _ context: ServerContext, _ connections: ConnectionTable, unix: Bool,
        _ body: (ServerBootstrap, @escaping @Sendable (Channel) -> EventLoopFuture<AcceptedConnection?>)
            async throws -> ServerChannel
    ) async throws -> ServerChannel {
        let limits = context.limits
        let requireSealing = !unix && !configuration.allowPlaintextTCP
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            // Deep enough that a flood of connects does not overflow it and make a real client's SYN wait
            // for a retransmission (the kernel caps it at net.core.somaxconn).
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A peer that half-closes after a cut-off frame is still told `protocol_error` before the close.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        return try await body(bootstrap) { channel in
            channel.eventLoop.makeCompletedFuture {
                let transport: ConnectionTable.Transport = unix ? .unix : .tcp(address: channel.remoteAddress?.ipAddress ?? "?")
                guard case .admit(let id, _) = connections.admit(transport, close: { channel.close(promise: nil) }) else {
                    channel.close(promise: nil)
                    return nil
                }
                // The slot is given back when the channel closes, however it ends: served, refused by NIO after
                // this initializer, or failing in it.
                channel.closeFuture.whenComplete { _ in connections.release(id) }
                let maxFrame = NIOLoopBoundBox(limits.maxFrameBytesBeforeAuth, eventLoop: channel.eventLoop)
                let handlers = channel.pipeline.syncOperations
                let sealing = SealingHandler()
                let activity = ConnectionActivity()
                try handlers.addHandler(ByteActivity(activity))
                try handlers.addHandler(
                    ByteToMessageHandler(FrameDecoder(maxFrameBytes: maxFrame, frameTimeout: limits.frameTimeout)))
                try handlers.addHandler(sealing)
                let timeouts = ConnectionTimeouts(limits: limits, activity: activity)
                try handlers.addHandler(timeouts)
                return AcceptedConnection(
                    id: id, channel: try NIOAsyncChannel(wrappingChannelSynchronously: channel), maxFrameBytes: maxFrame,
                    sealing: NIOLoopBound(sealing, eventLoop: channel.eventLoop),
                    timeouts: NIOLoopBound(timeouts, eventLoop: channel.eventLoop), activity: activity, requireSealing: requireSealing)
            }
        }
    }

    private func accept(on listener: ServerChannel, context: ServerContext, connections: ConnectionTable) async throws {
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await accepted in inbound {
                    guard let connection = accepted else { continue }
                    let channel = connection.channel
                    let id = connection.id
                    group.addTask {
                        var connectionLogger = logger
                        connectionLogger[metadataKey: "peer"] = "\(channel.channel.remoteAddress?.description ?? "unix")"
                        await Connection(
                            context: context, maxFrameBytes: connection.maxFrameBytes, sealing: connection.sealing,
                            timeouts: connection.timeouts, activity: connection.activity, requireSealing: connection.requireSealing,
                            onAuthenticated: { connections.authenticated(id) }, logger: connectionLogger
                        ).run(channel)
                    }
                }
            }
        }
    }
}

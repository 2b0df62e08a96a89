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
    typealias ServerChannel = NIOAsyncChannel<AcceptedConnection, Never>

    /// A new connection, the frame limit its decoder reads (which rises once the peer authenticates), and the
    /// handler that seals its frames once the key exchange is done.
    struct AcceptedConnection: Sendable {
        let channel: NIOAsyncChannel<InboundItem, ByteBuffer>
        let maxFrameBytes: NIOLoopBoundBox<UInt32>
        let sealing: NIOLoopBound<SealingHandler>
        /// TCP without `--allow-plaintext-tcp`: a client must ask for the confidential transport.
        let requireSealing: Bool
    }

    private let configuration: ServerConfiguration
    private let logger: Logger
    private let onReady: @Sendable (_ unixSocket: String, _ tcp: HostAndPort?) -> Void

    /// - Parameter onReady: called once every listener is bound, with the actual TCP port.
    public init(
        configuration: ServerConfiguration, logger: Logger,
        onReady: @escaping @Sendable (_ unixSocket: String, _ tcp: HostAndPort?) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onReady = onReady
    }

    public func run() async throws {
        let directory = configuration.dataDirectory
        let daemonKey = try directory.loadDaemonKey()
        let lock = try ProcessLock(path: directory.lock)
        let store = try directory.openStore()
        let context = ServerContext(
            daemonKey: daemonKey, rotations: try directory.rotationChain(endingAt: daemonKey.publicKey, store: store),
            store: store, keys: try await KeyRegistry(store: store),
            limits: configuration.limits, startedAt: .now, logger: logger)

        let abandoned = try await store.dropAbandonedImports(before: ServerContext.nowMilliseconds() - 24 * 3600 * 1000)
        if abandoned > 0 { logger.notice("dropped chunks of imports abandoned over a day ago", metadata: ["chunks": "\(abandoned)"]) }
        // Holding the lock means no other daemon owns this directory, so a socket file left there is stale.
        try? FileManager.default.removeItem(atPath: directory.socket)
        let unix = try await bind(context, requireSealing: false) { bootstrap, initializer in
            try await bootstrap.bind(unixDomainSocketPath: directory.socket, childChannelInitializer: initializer)
        }
        defer { try? FileManager.default.removeItem(atPath: directory.socket) }
        chmod(directory.socket, 0o600)
        var tcpListener: ServerChannel?
        var tcpAddress: HostAndPort?
        if let tcp = configuration.tcp {
            let channel = try await bind(context, requireSealing: !configuration.allowPlaintextTCP) { bootstrap, initializer in
                try await bootstrap.bind(host: tcp.host, port: tcp.port, childChannelInitializer: initializer)
            }
            tcpListener = channel
            tcpAddress = HostAndPort(host: tcp.host, port: channel.channel.localAddress?.port ?? tcp.port)
        }
        let listeners = [unix] + (tcpListener.map { [$0] } ?? [])
        logger.notice(
            "chibod serving",
            metadata: ["socket": "\(directory.socket)", "tcp": "\(tcpAddress.map(\.description) ?? "off")",
                       "daemon-key": "\(daemonKey.id)"])
        onReady(directory.socket, tcpAddress)

        let connections = Slots(capacity: configuration.limits.maxConnections)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for listener in listeners {
                    group.addTask { try await accept(on: listener, context: context, connections: connections) }
                }
            }
        } onGracefulShutdown: {
            logger.notice("shutting down: no new connections, answering requests in flight")
            for listener in listeners { listener.channel.close(promise: nil) }
        }
        withExtendedLifetime(lock) {}
        try store.pool.close()
        logger.notice("chibod stopped")
    }

    private func bind(
        _ context: ServerContext, requireSealing: Bool,
        _ body: (ServerBootstrap, @escaping @Sendable (Channel) -> EventLoopFuture<AcceptedConnection>)
            async throws -> ServerChannel
    ) async throws -> ServerChannel {
        let limits = context.limits
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A peer that half-closes after a cut-off frame is still told `protocol_error` before the close.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        return try await body(bootstrap) { channel in
            channel.eventLoop.makeCompletedFuture {
                let maxFrame = NIOLoopBoundBox(limits.maxFrameBytesBeforeAuth, eventLoop: channel.eventLoop)
                let handlers = channel.pipeline.syncOperations
                let sealing = SealingHandler()
                try handlers.addHandler(
                    ByteToMessageHandler(FrameDecoder(maxFrameBytes: maxFrame, frameTimeout: limits.frameTimeout)))
                try handlers.addHandler(sealing)
                try handlers.addHandler(IdleStateHandler(allTimeout: limits.idleTimeout))
                try handlers.addHandler(ConnectionTimeouts(handshakeTimeout: limits.handshakeTimeout))
                return AcceptedConnection(
                    channel: try NIOAsyncChannel(wrappingChannelSynchronously: channel), maxFrameBytes: maxFrame,
                    sealing: NIOLoopBound(sealing, eventLoop: channel.eventLoop), requireSealing: requireSealing)
            }
        }
    }

    private func accept(on listener: ServerChannel, context: ServerContext, connections: Slots) async throws {
        try await listener.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in inbound {
                    guard connections.tryAcquire() else {
                        logger.warning("connection refused: too many connections")
                        // Closing through executeThenClose finishes the channel's writer, as NIO requires.
                        group.addTask { try? await connection.channel.executeThenClose { _, _ in } }
                        continue
                    }
                    group.addTask {
                        defer { connections.release() }
                        var connectionLogger = logger
                        connectionLogger[metadataKey: "peer"] =
                            "\(connection.channel.channel.remoteAddress?.description ?? "unix")"
                        await Connection(
                            context: context, maxFrameBytes: connection.maxFrameBytes, sealing: connection.sealing,
                            requireSealing: connection.requireSealing, logger: connectionLogger
                        ).run(connection.channel)
                    }
                }
            }
        }
    }
}

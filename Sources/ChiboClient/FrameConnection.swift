import ChiboWire
import NIOCore
import NIOPosix

/// A raw connection that speaks frames but no protocol: the layer `ChiboConnection` is built on, and what
/// tests use to send a daemon bytes no well-behaved client would.
public final class FrameConnection {
    private var items: NIOAsyncChannelInboundStream<InboundItem>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let sealing: NIOLoopBound<SealingHandler>

    init(
        inbound: NIOAsyncChannelInboundStream<InboundItem>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        sealing: NIOLoopBound<SealingHandler>
    ) {
        self.items = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.sealing = sealing
    }

    /// From now on every frame sent is sealed and every frame received is opened with `transport`'s keys.
    public func startSealing(_ transport: SealedTransport) async throws {
        let handler = sealing
        try await handler.eventLoop.submit { handler.value.install(transport) }.get()
    }

    /// Connects, runs `body`, and closes the connection whatever happens.
    public static func with<Result: Sendable>(
        _ endpoint: Endpoint, maxFrameBytes: UInt32 = 64 << 20,
        _ body: (FrameConnection) async throws -> Result
    ) async throws -> Result {
        let channel: NIOAsyncChannel<InboundItem, ByteBuffer>
        let sealing: NIOLoopBound<SealingHandler>
        do {
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
            typealias Connected = (NIOAsyncChannel<InboundItem, ByteBuffer>, NIOLoopBound<SealingHandler>)
            let initializer: @Sendable (Channel) -> EventLoopFuture<Connected> = { channel in
                channel.eventLoop.makeCompletedFuture {
                    let limit = NIOLoopBoundBox(maxFrameBytes, eventLoop: channel.eventLoop)
                    let sealing = SealingHandler()
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maxFrameBytes: limit, frameTimeout: .seconds(60))))
                    try channel.pipeline.syncOperations.addHandler(sealing)
                    // Half-closing lets a client say it has nothing more to send and still read every answer.
                    let configuration = NIOAsyncChannel<InboundItem, ByteBuffer>.Configuration(isOutboundHalfClosureEnabled: true)
                    return (
                        try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: configuration),
                        NIOLoopBound(sealing, eventLoop: channel.eventLoop)
                    )
                }
            }
            switch endpoint {
            case .unix(let path):
                (channel, sealing) = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
            case .tcp(let address):
                (channel, sealing) = try await bootstrap.connect(
                    host: address.host, port: address.port, channelInitializer: initializer)
            }
        } catch {
            throw WireError(.cannotConnect, "cannot reach chibod at \(endpoint): \(error)", retryable: true)
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(FrameConnection(inbound: inbound, outbound: outbound, sealing: sealing))
        }
    }

    public func send(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    /// Several frames in one write, flushed once.
    public func send(contentsOf frames: [ByteBuffer]) async throws {
        try await outbound.write(contentsOf: frames)
    }

    public func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Half-closes: the daemon sees the end of input, and answers can still be read.
    public func finishSending() async throws {
        outbound.finish()
    }

    /// The next preamble or frame; nil once the peer has closed.
    public func next() async throws -> InboundItem? {
        try await items.next()
    }

    /// The next frame's payload; throws `connection_closed` if the peer closed instead.
    public func nextFrame() async throws -> ByteBuffer {
        switch try await next() {
        case .frame(let frame)?: return frame
        case .preamble?: throw WireError(.badResponse, "unexpected preamble")
        case nil: throw WireError(.connectionClosed, "the daemon closed the connection")
        }
    }
}

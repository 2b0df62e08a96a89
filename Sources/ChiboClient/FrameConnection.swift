import ChiboWire
import NIOCore
import NIOPosix

/// A raw connection that speaks frames but no protocol: the layer `ChiboConnection` is built on, and what
/// tests use to send a daemon bytes no well-behaved client would.
public final class FrameConnection {
    private var items: NIOAsyncChannelInboundStream<InboundItem>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    init(inbound: NIOAsyncChannelInboundStream<InboundItem>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.items = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects, runs `body`, and closes the connection whatever happens.
    public static func with<Result: Sendable>(
        _ endpoint: Endpoint, maxFrameBytes: UInt32 = 64 << 20,
        _ body: (FrameConnection) async throws -> Result
    ) async throws -> Result {
        let channel: NIOAsyncChannel<InboundItem, ByteBuffer>
        do {
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
            let initializer: @Sendable (Channel) -> EventLoopFuture<NIOAsyncChannel<InboundItem, ByteBuffer>> = {
                channel in
                channel.eventLoop.makeCompletedFuture {
                    let limit = NIOLoopBoundBox(maxFrameBytes, eventLoop: channel.eventLoop)
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(FrameDecoder(maxFrameBytes: limit, frameTimeout: .seconds(60))))
                    return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                }
            }
            switch endpoint {
            case .unix(let path):
                channel = try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
            case .tcp(let address):
                channel = try await bootstrap.connect(
                    host: address.host, port: address.port, channelInitializer: initializer)
            }
        } catch {
            throw WireError(.cannotConnect, "cannot reach chibod at \(endpoint): \(error)", retryable: true)
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(FrameConnection(inbound: inbound, outbound: outbound))
        }
    }

    public func send(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    public func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
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

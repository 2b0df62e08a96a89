import NIOCore

/// Seals every frame written and opens every frame read once the connection's transport keys are installed;
/// before that (preamble and hellos) bytes pass in clear. Sealing happens on the event loop, in write order,
/// so concurrent writers can never send frames out of counter order.
public final class SealingHandler: ChannelDuplexHandler {
    public typealias InboundIn = InboundItem
    public typealias InboundOut = InboundItem
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private var transport: SealedTransport?
    private var clearFramesToWrite = 0

    public init() {}

    /// Starts sealing. `clearFrames` outbound frames still pass in clear: the daemon installs the keys just
    /// before it writes its hello, so no sealed frame from the client can arrive before the keys do.
    public func install(_ transport: SealedTransport, clearFrames: Int = 0) {
        self.transport = transport
        self.clearFramesToWrite = clearFrames
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let item = unwrapInboundIn(data)
        guard transport != nil, case .frame(let sealed) = item else {
            context.fireChannelRead(data)
            return
        }
        do {
            let payload = try transport!.open(Array(sealed.readableBytesView))
            context.fireChannelRead(wrapInboundOut(.frame(context.channel.allocator.buffer(bytes: payload))))
        } catch {
            context.fireErrorCaught(error)
        }
    }

    /// Outbound buffers are whole frames (length header and payload), as `ByteBuffer.frame` builds them.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard transport != nil else {
            context.write(data, promise: promise)
            return
        }
        if clearFramesToWrite > 0 {
            clearFramesToWrite -= 1
            context.write(data, promise: promise)
            return
        }
        var frames = unwrapOutboundIn(data)
        var out = context.channel.allocator.buffer(capacity: frames.readableBytes + Sodium.aeadTagBytes)
        while frames.readableBytes > 0 {
            guard let payload = frames.readLengthPrefixedSlice(as: UInt32.self) else {
                promise?.fail(WireError(.protocolError, "only whole frames can be sealed"))
                return
            }
            out.writeFrame(transport!.seal(Array(payload.readableBytesView)))
        }
        context.write(wrapOutboundOut(out), promise: promise)
    }
}

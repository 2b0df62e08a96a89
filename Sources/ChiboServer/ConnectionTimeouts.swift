import ChiboWire
import NIOCore

/// Turns the handshake and authentication deadlines and idle time into errors on the inbound stream, where
/// the connection's task answers them like any other failure. The whole-frame deadline lives in
/// `FrameDecoder`, which is the only place that knows a frame is half-read.
final class ConnectionTimeouts: ChannelInboundHandler {
    typealias InboundIn = InboundItem
    typealias InboundOut = InboundItem

    private let handshakeTimeout: TimeAmount
    private let authenticationTimeout: TimeAmount
    private var handshakeDeadline: Scheduled<Void>?
    private var authenticationDeadline: Scheduled<Void>?
    private var itemsSeen = 0

    init(handshakeTimeout: TimeAmount, authenticationTimeout: TimeAmount) {
        self.handshakeTimeout = handshakeTimeout
        self.authenticationTimeout = authenticationTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolated()
        handshakeDeadline = loop.scheduleTask(in: handshakeTimeout) {
            context.fireErrorCaught(WireError(.timeout, "handshake not completed in time"))
        }
        authenticationDeadline = loop.scheduleTask(in: authenticationTimeout) {
            context.fireErrorCaught(WireError(.timeout, "no signed request admitted in time"))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        handshakeDeadline?.cancel()
        authenticationDeadline?.cancel()
    }

    /// The connection's first request was admitted: from now on only the idle time limits it.
    func authenticated() {
        authenticationDeadline?.cancel()
        authenticationDeadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        itemsSeen += 1
        // The preamble and the client hello make the handshake.
        if itemsSeen == 2 {
            handshakeDeadline?.cancel()
            handshakeDeadline = nil
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.fireErrorCaught(WireError(.timeout, "connection idle for too long"))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

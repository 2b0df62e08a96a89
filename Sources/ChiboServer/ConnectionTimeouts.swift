import ChiboWire
import NIOCore

/// Carries out `ConnectionDeadlines` on the event loop: one timer, set for the next deadline and set again
/// whenever something arrives; a passed deadline becomes an error on the inbound stream, where the
/// connection's task answers it like any other failure. The whole-frame deadline lives in `FrameDecoder`,
/// the only place that knows a frame is half-read.
final class ConnectionTimeouts: ChannelInboundHandler {
    typealias InboundIn = InboundItem
    typealias InboundOut = InboundItem

    private let limits: ProtocolLimits
    private let activity: ConnectionActivity
    private var deadlines: ConnectionDeadlines?
    private var timer: Scheduled<Void>?
    private var armedFor: NIODeadline?

    init(limits: ProtocolLimits, activity: ConnectionActivity) {
        self.limits = limits
        self.activity = activity
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadlines = ConnectionDeadlines(limits: limits, connectedAt: .now())
        arm(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines?.received(at: .now())
        arm(context)
        context.fireChannelRead(data)
    }

    /// The connection's first request was admitted: from now on only idleness limits it.
    func authenticated() {
        deadlines?.authenticate()
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard let next = deadlines?.next, next != armedFor else { return }
        timer?.cancel()
        armedFor = next
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: next) { [self] in
            armedFor = nil
            let now = NIODeadline.now()
            if let active = activity.lastActive(at: now) { deadlines?.active(at: active) }
            if let expired = deadlines?.expired(at: now) {
                deadlines = nil
                context.fireErrorCaught(expired.error)
            } else {
                arm(context)
            }
        }
    }
}

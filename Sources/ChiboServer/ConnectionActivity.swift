import NIOCore
import Synchronization

/// What the connection's task and its first handler tell its deadlines: a request being worked on means the
/// connection is not idle, however long the work takes (a province's import is applied for minutes with nothing
/// on the wire), and idleness counts from the last answer and the last bytes received (a large frame arriving
/// slowly is bounded by the frame deadline, not the idle one) as well as from the last whole frame.
final class ConnectionActivity: Sendable {
    private let working = Atomic<Int>(0)
    private let lastAnswer = Atomic<UInt64>(0)
    private let lastBytes = Atomic<UInt64>(0)

    /// Bytes arrived, part of a frame or more.
    func received() { lastBytes.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed) }

    /// A request was handed to the router.
    func began() { working.wrappingAdd(1, ordering: .relaxed) }

    /// Its answer went out (or it ended without one).
    func ended() {
        lastAnswer.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
        working.wrappingSubtract(1, ordering: .relaxed)
    }

    /// The latest moment the connection was known to be in use besides the whole frames it received: now while a
    /// request is being worked on, else the last answer or bytes received, if any.
    func lastActive(at now: NIODeadline) -> NIODeadline? {
        if working.load(ordering: .relaxed) > 0 { return now }
        let latest = max(lastAnswer.load(ordering: .relaxed), lastBytes.load(ordering: .relaxed))
        return latest == 0 ? nil : .uptimeNanoseconds(latest)
    }
}

/// First in a connection's pipeline: tells its `ConnectionActivity` that bytes arrived, before they are framed.
final class ByteActivity: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let activity: ConnectionActivity

    init(_ activity: ConnectionActivity) { self.activity = activity }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity.received()
        context.fireChannelRead(data)
    }
}

import ChiboWire
import NIOCore
import NIOPosix
import Synchronization

/// A TCP relay between a client and the daemon that records every byte passing in both directions and can
/// tamper with one frame of the first connection in flight: what a man in the middle on the network sees and
/// can do.
final class Relay: Sendable {
    enum Direction: Sendable { case toDaemon, toClient }

    enum Action: Sendable {
        /// Flip one bit in the middle of the frame's payload.
        case flip
        /// Forward the first half of the frame, then close both sides.
        case cut
        /// Forward nothing more and close both sides (a connection lost before that frame arrived).
        case drop
    }

    /// Frames are counted per direction from 0 (the hello), after the 8-byte preamble.
    struct Tamper: Sendable {
        var direction: Direction
        var frame: Int
        var action: Action
    }

    /// What the pumps of every connection share.
    final class State: Sendable {
        let recording = Mutex<[UInt8]>([])
        let accepted = Mutex(0)
    }

    private let state: State
    private let channel: Channel
    let address: HostAndPort

    var bytes: [UInt8] { state.recording.withLock { $0 } }
    var connections: Int { state.accepted.withLock { $0 } }

    /// Listens on a free loopback port and relays each connection to `target`; `tamper` applies to the first.
    static func start(to target: HostAndPort, tamper: Tamper? = nil) async throws -> Relay {
        let state = State()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { client in
                let first = state.accepted.withLock { count in
                    count += 1; return count == 1
                }
                let rule = first ? tamper : nil
                // Both sides on the client's event loop, so the two pumps never race each other. The client's
                // bytes are read only once this initializer's future completes, after both pumps are in place.
                return ClientBootstrap(group: client.eventLoop)
                    .connect(host: target.host, port: target.port)
                    .flatMapThrowing { daemon in
                        try client.pipeline.syncOperations.addHandler(Pump(.toDaemon, to: daemon, tamper: rule, state: state))
                        try daemon.pipeline.syncOperations.addHandler(Pump(.toClient, to: client, tamper: rule, state: state))
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return Relay(state: state, channel: channel)
    }

    private init(state: State, channel: Channel) {
        self.state = state
        self.channel = channel
        self.address = HostAndPort(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Forwards one direction whole unit by whole unit (the preamble, then each frame), so a tamper rule can name
/// the frame it changes.
private final class Pump: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let direction: Relay.Direction
    private let peer: Channel
    private let tamper: Relay.Tamper?
    private let state: Relay.State
    private var pending: [UInt8] = []
    private var preambleSeen = false
    private var frames = 0

    init(_ direction: Relay.Direction, to peer: Channel, tamper: Relay.Tamper?, state: Relay.State) {
        self.direction = direction
        self.peer = peer
        self.tamper = tamper
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += Array(unwrapInboundIn(data).readableBytesView)
        while let unit = nextUnit() {
            var bytes = unit.bytes
            if let frame = unit.frame, let tamper, tamper.direction == direction, tamper.frame == frame {
                switch tamper.action {
                case .flip:
                    bytes[4 + (bytes.count - 4) / 2] ^= 0x01
                case .cut:
                    forward(Array(bytes.prefix(4 + (bytes.count - 4) / 2)))
                    closeBoth(context)
                    return
                case .drop:
                    closeBoth(context)
                    return
                }
            }
            forward(bytes)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        peer.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closeBoth(context)
    }

    private func forward(_ bytes: [UInt8]) {
        state.recording.withLock { $0 += bytes }
        peer.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    private func closeBoth(_ context: ChannelHandlerContext) {
        pending = []
        // Written data goes out before the close: flush first, then close.
        peer.writeAndFlush(ByteBuffer(), promise: nil)
        peer.close(promise: nil)
        context.close(promise: nil)
    }

    private func nextUnit() -> (bytes: [UInt8], frame: Int?)? {
        if !preambleSeen {
            guard pending.count >= 8 else { return nil }
            preambleSeen = true
            defer { pending.removeFirst(8) }
            return (Array(pending.prefix(8)), nil)
        }
        guard pending.count >= 4 else { return nil }
        let length = pending.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard pending.count >= 4 + length else { return nil }
        defer { pending.removeFirst(4 + length); frames += 1 }
        return (Array(pending.prefix(4 + length)), frames)
    }
}

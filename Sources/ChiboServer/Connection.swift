import ChiboModel
import ChiboWire
import Logging
import NIOCore
import ServiceLifecycle

/// Serves one accepted connection: handshake, then signed requests until the peer leaves, breaks a rule,
/// or the daemon shuts down. Requests are admitted one after another in arrival order (so sequence numbers
/// are checked in order) and then run concurrently, up to `maxInFlight`.
struct Connection: Sendable {
    let context: ServerContext
    let maxFrameBytes: NIOLoopBoundBox<UInt32>
    let sealing: NIOLoopBound<SealingHandler>
    let timeouts: NIOLoopBound<ConnectionTimeouts>
    let requireSealing: Bool
    /// Tells the connection table this peer holds a key, so it is never dropped to make room.
    let onAuthenticated: @Sendable () -> Void
    let logger: Logger

    func run(_ channel: NIOAsyncChannel<InboundItem, ByteBuffer>) async {
        // On shutdown only the input is closed: what was already received is still decoded and answered,
        // then the inbound stream ends and the connection closes.
        let underlying = channel.channel
        await withGracefulShutdownHandler {
            await serve(channel)
        } onGracefulShutdown: {
            underlying.close(mode: .input, promise: nil)
        }
    }

    private func serve(_ channel: NIOAsyncChannel<InboundItem, ByteBuffer>) async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var session = ServerSession(
                    daemonKey: context.daemonKey, rotations: context.rotations, limits: context.limits)
                var items = inbound.makeAsyncIterator()
                do {
                    guard try await handshake(&session, &items, outbound) else { return }
                    try await serveRequests(&session, &items, outbound)
                } catch let error as WireError {
                    logger.info("closing connection", metadata: ["code": "\(error.code)", "reason": "\(error.message)"])
                    if case .reply(let reply, _) = session.closing(after: error, now: ServerContext.nowMilliseconds()) {
                        try? await outbound.write(reply.frame())
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Returns false when the peer's major version is refused (our preamble has told it what we speak).
    private func handshake(
        _ session: inout ServerSession, _ items: inout some AsyncIteratorProtocol<InboundItem, any Error>,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws -> Bool {
        guard case .preamble(let preamble)? = try await items.next() else { return false }
        switch try session.receivePreamble(preamble) {
        case .refuse(let reply):
            logger.info("refused protocol version", metadata: ["major": "\(preamble.major)"])
            try await outbound.write(reply.bytes)
            return false
        case .proceed(let reply):
            try await outbound.write(reply.bytes)
        }
        guard case .frame(let hello)? = try await items.next() else { return false }
        let reply = try session.receiveHello(
            frame: hello, sessionNonce: Sodium.randomBytes(32), now: ServerContext.nowMilliseconds(),
            requireSealing: requireSealing)
        if let transport = reply.transport {
            // Installed before the hello is written (which still goes out in clear), so the client's first
            // sealed frame always finds the keys in place.
            let handler = sealing
            try await handler.eventLoop.submit { handler.value.install(transport, clearFrames: 1) }.get()
        }
        try await outbound.write(reply.envelope.frame())
        return true
    }

    private func serveRequests(
        _ session: inout ServerSession, _ items: inout some AsyncIteratorProtocol<InboundItem, any Error>,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        let inFlight = Slots(capacity: context.limits.maxInFlight)
        let router = RequestRouter(context: context)
        try await withThrowingDiscardingTaskGroup { group in
            while let item = try await items.next() {
                guard case .frame(let frame) = item else { throw WireError(.protocolError, "unexpected preamble") }
                let envelope = try Chibo_V1_Envelope(frame: frame, limits: context.limits)
                let signer = await context.keys.usableKey(envelope.signerID, on: CalendarDay.today())
                let wasAuthenticated = session.authenticated
                let admitted = try session.admit(envelope, signer: signer?.key, now: ServerContext.nowMilliseconds())
                guard let caller = signer?.record else { throw WireError(.authenticationFailed, "unknown key") }
                if !wasAuthenticated { try await authenticated() }
                let responder = session
                guard inFlight.tryAcquire() else {
                    let busy = WireError(.busy, "too many requests in flight on this connection", retryable: true)
                    let reply = responder.response(
                        .error(Chibo_V1_Error(busy, requestID: admitted.request.requestID)), to: admitted,
                        now: ServerContext.nowMilliseconds())
                    try await outbound.write(reply.frame())
                    continue
                }
                group.addTask {
                    let started = ContinuousClock.now
                    let (result, replayed) = await router.handle(admitted, caller: caller)
                    let code = if case .error(let error) = result { error.code } else { "ok" }
                    DaemonMetrics.request(DaemonMetrics.name(admitted.request.operation), code: code,
                                          duration: ContinuousClock.now - started)
                    let reply = responder.response(
                        result, to: admitted, replayed: replayed, now: ServerContext.nowMilliseconds())
                    // Freed before the answer leaves: a client that waits for it may send its next request at once.
                    inFlight.release()
                    try await outbound.write(reply.frame())
                }
            }
        }
    }

    /// Once a peer has authenticated it may send full-size frames and no longer races the authentication
    /// deadline. The change is made on the event loop before the first response is written, so a client that
    /// waits for that response is never refused.
    private func authenticated() async throws {
        let box = maxFrameBytes
        let timeouts = timeouts
        let limit = context.limits.maxFrameBytes
        try await box.eventLoop.submit {
            box.value = limit
            timeouts.value.authenticated()
        }.get()
        onAuthenticated()
    }
}

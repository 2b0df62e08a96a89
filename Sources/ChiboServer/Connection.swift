import ChiboModel
import ChiboStore
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
    let activity: ConnectionActivity
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

    /// Feeds the session what arrives and carries out the actions it returns; the only decision taken here is
    /// whether a slot for one more request in flight is free.
    private func serve(_ channel: NIOAsyncChannel<InboundItem, ByteBuffer>) async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                var session = ServerSession(
                    daemonKey: context.daemonKey, rotations: context.rotations, limits: context.limits)
                let inFlight = Slots(capacity: context.limits.maxInFlight)
                let router = RequestRouter(context: context)
                try await withThrowingDiscardingTaskGroup { group in
                    var items = inbound.makeAsyncIterator()
                    while true {
                        var action: ServerSession.Action
                        var caller: EnrolledKey?
                        do {
                            guard let item = try await items.next() else { return }
                            action = session.receive(item, now: ServerContext.nowMilliseconds(), requireSealing: requireSealing)
                        } catch let error as WireError {
                            // A deadline, a frame too large or cut off, a sealed frame that does not open.
                            action = session.failed(error, now: ServerContext.nowMilliseconds())
                        }
                        if case .authenticate(let envelope) = action {
                            let signer = await context.keys.usableKey(envelope.signerID, on: CalendarDay.today())
                            caller = signer?.record
                            let slot = inFlight.tryAcquire()
                            action = session.admit(
                                envelope, signer: signer?.key, now: ServerContext.nowMilliseconds(), slotFree: slot)
                            // A slot taken for a request that is not run (refused, or the connection closing) is given back.
                            if slot, !action.runsRequest { inFlight.release() }
                        }
                        switch action {
                        case .send(let bytes):
                            try await outbound.write(bytes)
                        case .sendAndClose(let bytes):
                            logger.info("refused protocol version")
                            try await outbound.write(bytes)
                            return
                        case .hello(let hello, let transport):
                            if let transport {
                                // Installed before the hello is written (which still goes out in clear), so the
                                // client's first sealed frame always finds the keys in place.
                                let handler = sealing
                                try await handler.eventLoop.submit { handler.value.install(transport, clearFrames: 1) }.get()
                            }
                            try await outbound.write(hello.frame())
                        case .authenticate:
                            preconditionFailure("admit(_:signer:now:slotFree:) never asks to authenticate again")
                        case .reply(let reply):
                            try await outbound.write(reply.frame())
                        case .replyAndClose(let reply, let reason):
                            logger.info("closing connection", metadata: ["code": "\(reason.code)", "reason": "\(reason.message)"])
                            try? await outbound.write(reply.frame())
                            return
                        case .close(let reason):
                            logger.info("closing connection without a word", metadata: ["code": "\(reason.code)"])
                            return
                        case .dispatch(let admitted, let first):
                            guard let caller else { return }
                            if first { try await authenticated() }
                            let responder = session
                            let activity = activity
                            activity.began()
                            group.addTask {
                                defer { activity.ended() }
                                let started = ContinuousClock.now
                                let (result, replayed) = await router.handle(admitted, caller: caller)
                                let code = if case .error(let error) = result { error.code } else { "ok" }
                                DaemonMetrics.request(
                                    admitted.request.operation?.name ?? "unknown", code: code,
                                    duration: ContinuousClock.now - started)
                                let reply = responder.response(
                                    result, to: admitted, replayed: replayed, now: ServerContext.nowMilliseconds())
                                // Freed before the answer leaves: a client that waits for it may send its next
                                // request at once.
                                inFlight.release()
                                try await outbound.write(reply.frame())
                            }
                        }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
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

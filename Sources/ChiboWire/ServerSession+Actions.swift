import Foundation
import NIOCore

/// The session as the connection drives it: each thing that arrives yields one action, and the connection
/// only carries actions out (swift-nio-ssh's state machine / handler split). Every rule about what a peer is
/// answered, and when a connection closes, is decided here.
extension ServerSession {
    public enum Action: Sendable {
        /// Send our preamble and wait for the hello.
        case send(ByteBuffer)
        /// Send our preamble (so the peer learns what we speak), then close.
        case sendAndClose(ByteBuffer)
        /// Install the transport keys, if any, then send the hello (in clear).
        case hello(Chibo_V1_Envelope, transport: SealedTransport?)
        /// Look up the enrolled key the envelope names, then call `admit(_:signer:now:slotFree:)`.
        case authenticate(Chibo_V1_Envelope)
        /// Run the request. `firstAdmission`: the connection has just authenticated.
        case dispatch(AdmittedRequest, firstAdmission: Bool)
        /// Answer `busy` with this response; the connection stays.
        case reply(Chibo_V1_Envelope)
        /// Send this error, then close; `reason` is the full error, for the daemon's log only.
        case replyAndClose(Chibo_V1_Envelope, reason: WireError)
        /// Close without a word; `reason` is for the daemon's log only.
        case close(reason: WireError)

        /// Whether the connection is to run a request (and so keeps the in-flight slot it took for it).
        public var runsRequest: Bool {
            if case .dispatch = self { return true }
            return false
        }
    }

    /// What to do with the next preamble or frame.
    public mutating func receive(_ item: InboundItem, now: Int64, requireSealing: Bool) -> Action {
        do {
            switch item {
            case .preamble(let preamble):
                switch try receivePreamble(preamble) {
                case .proceed(let reply): return .send(reply.bytes)
                case .refuse(let reply): return .sendAndClose(reply.bytes)
                }
            case .frame(let frame) where !helloAnswered:
                let reply = try receiveHello(
                    frame: frame, sessionNonce: Sodium.randomBytes(32), now: now, requireSealing: requireSealing)
                return .hello(reply.envelope, transport: reply.transport)
            case .frame(let frame):
                return .authenticate(try Chibo_V1_Envelope(frame: frame, limits: limits))
            }
        } catch let error as WireError {
            return failed(error, now: now)
        } catch {
            return failed(WireError(.protocolError, "\(error)"), now: now)
        }
    }

    /// Admits a request whose signer was looked up (nil: no usable key). `slotFree` says whether the connection
    /// has room for one more request in flight.
    public mutating func admit(_ envelope: Chibo_V1_Envelope, signer: PublicKey?, now: Int64, slotFree: Bool) -> Action {
        let wasAuthenticated = authenticated
        do {
            let admitted = try admit(envelope, signer: signer, now: now)
            guard slotFree else {
                let busy = WireError(.busy, "too many requests in flight on this connection", retryable: true)
                return .reply(response(.error(Chibo_V1_Error(busy, requestID: admitted.request.requestID)), to: admitted, now: now))
            }
            return .dispatch(admitted, firstAdmission: !wasAuthenticated)
        } catch let error as WireError {
            return failed(error, now: now)
        } catch {
            return failed(WireError(.badRequest, "\(error)"), now: now)
        }
    }

    /// How a failure (of a frame, a deadline, the stream) ends the connection.
    public func failed(_ error: WireError, now: Int64) -> Action {
        switch closing(after: error, now: now) {
        case .silently: .close(reason: error)
        case .reply(let envelope, _): .replyAndClose(envelope, reason: error)
        }
    }

    /// Whether the hello has been answered (requests come next).
    var helloAnswered: Bool { version != nil }
}

import ChiboWire
import NIOCore

/// The deadlines of one connection as a value: told what arrived and when, it says which deadline comes next
/// and whether one has passed. `ConnectionTimeouts` drives it with the event loop's clock; tests drive it with
/// instants of their own, so they need no sleeping.
struct ConnectionDeadlines: Equatable {
    enum Expired: Equatable {
        /// The preamble and the client hello did not arrive in time.
        case handshake
        /// No signed request was admitted in time after connecting.
        case authentication
        /// Nothing arrived, no request was being worked on and no answer left, for too long.
        case idle

        var error: WireError {
            switch self {
            case .handshake: WireError(.timeout, "handshake not completed in time")
            case .authentication: WireError(.timeout, "no signed request admitted in time")
            case .idle: WireError(.timeout, "connection idle for too long")
            }
        }
    }

    private let handshake: NIODeadline
    private let authentication: NIODeadline
    private let idleTimeout: TimeAmount
    private var lastArrival: NIODeadline
    private var itemsReceived = 0
    private var authenticated = false

    init(limits: ProtocolLimits, connectedAt now: NIODeadline) {
        handshake = now + limits.handshakeTimeout
        authentication = now + limits.authenticationTimeout
        idleTimeout = limits.idleTimeout
        lastArrival = now
    }

    /// A preamble or a frame arrived.
    mutating func received(at now: NIODeadline) {
        itemsReceived += 1
        lastArrival = now
    }

    /// The connection was in use at `now` without receiving anything (a request being worked on, an answer
    /// sent): idleness counts from here too. It is not a frame, so the handshake's count is left alone.
    mutating func active(at now: NIODeadline) {
        lastArrival = max(lastArrival, now)
    }

    /// The connection's first request was admitted.
    mutating func authenticate() {
        authenticated = true
    }

    /// The earliest deadline still pending.
    var next: NIODeadline {
        var candidates = [lastArrival + idleTimeout]
        // The preamble and the client hello make the handshake.
        if itemsReceived < 2 { candidates.append(handshake) }
        if !authenticated { candidates.append(authentication) }
        return candidates.min()!
    }

    /// Which deadline has passed at `now`, if any: the handshake's first, then authentication, then idleness.
    func expired(at now: NIODeadline) -> Expired? {
        if itemsReceived < 2, now >= handshake { return .handshake }
        if !authenticated, now >= authentication { return .authentication }
        if now >= lastArrival + idleTimeout { return .idle }
        return nil
    }
}

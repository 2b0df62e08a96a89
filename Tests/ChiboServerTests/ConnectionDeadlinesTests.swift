import ChiboWire
import NIOCore
import Testing

@testable import ChiboServer

/// The connection's deadlines on a made-up clock: no sleeping.
@Suite struct ConnectionDeadlinesTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
    var limits: ProtocolLimits {
        var limits = ProtocolLimits()
        limits.handshakeTimeout = .seconds(10)
        limits.authenticationTimeout = .seconds(20)
        limits.idleTimeout = .seconds(300)
        return limits
    }

    @Test func aSilentPeerMissesTheHandshake() {
        let deadlines = ConnectionDeadlines(limits: limits, connectedAt: start)
        #expect(deadlines.next == start + .seconds(10))
        #expect(deadlines.expired(at: start + .seconds(9)) == nil)
        #expect(deadlines.expired(at: start + .seconds(10)) == .handshake)
    }

    @Test func aHelloDoesNotHoldASlotPastTheAuthenticationDeadline() {
        var deadlines = ConnectionDeadlines(limits: limits, connectedAt: start)
        deadlines.received(at: start + .seconds(1))  // preamble
        deadlines.received(at: start + .seconds(2))  // hello
        #expect(deadlines.next == start + .seconds(20))
        // Frames keep arriving (a peer trickling junk it never signs), yet the deadline holds.
        deadlines.received(at: start + .seconds(19))
        #expect(deadlines.expired(at: start + .seconds(20)) == .authentication)
        #expect(Expired.authentication.error.code == .timeout)
    }

    @Test func workAndAnswersAreNotIdleness() {
        var deadlines = ConnectionDeadlines(limits: limits, connectedAt: start)
        for second in 1...3 { deadlines.received(at: start + .seconds(Int64(second))) }
        deadlines.authenticate()
        // A request worked on for ten minutes, then answered.
        deadlines.active(at: start + .seconds(290))
        #expect(deadlines.expired(at: start + .seconds(303)) == nil)
        deadlines.active(at: start + .seconds(600))
        #expect(deadlines.next == start + .seconds(900))
        #expect(deadlines.expired(at: start + .seconds(899)) == nil)
        #expect(deadlines.expired(at: start + .seconds(900)) == .idle)
        // Activity is not a frame: it does not stand in for the handshake.
        var fresh = ConnectionDeadlines(limits: limits, connectedAt: start)
        fresh.active(at: start + .seconds(5))
        #expect(fresh.expired(at: start + .seconds(10)) == .handshake)
    }

    @Test func anAuthenticatedConnectionIsLimitedByIdlenessOnly() {
        var deadlines = ConnectionDeadlines(limits: limits, connectedAt: start)
        deadlines.received(at: start + .seconds(1))
        deadlines.received(at: start + .seconds(2))
        deadlines.received(at: start + .seconds(3))
        deadlines.authenticate()
        #expect(deadlines.next == start + .seconds(303))
        #expect(deadlines.expired(at: start + .seconds(100)) == nil)
        deadlines.received(at: start + .seconds(200))
        #expect(deadlines.expired(at: start + .seconds(303)) == nil)
        #expect(deadlines.expired(at: start + .seconds(500)) == .idle)
    }

    typealias Expired = ConnectionDeadlines.Expired
}

import ChiboClient
import ChiboServer
import ChiboWire
import Testing

/// Real deadlines against real work: the idle timeout must not close a connection whose request the daemon is
/// still working on. Like FairLimitsTests, scripts/test.sh runs it with the machine to itself, since a client
/// starved of CPU by a hundred other tests can be idle for real.
@Suite(.timeLimit(.minutes(1))) struct LongRequestTests {
    /// A request the daemon works on for longer than the idle timeout does not make its connection idle: its
    /// answer comes back (a province's import is applied for minutes with nothing on the wire).
    @Test func aLongRequestIsNotIdleness() async throws {
        var limits = ProtocolLimits()
        // Long enough for the client to encode and sign its request after connecting; the daemon's work on it
        // takes longer (80.000 members, about 4 s in a debug build: 40.000 took 1,9–2,3 s on 04/12/2026, and at
        // under 2 s the test could not show anything). The other deadlines are out of the way of a machine busy
        // with the other tests.
        limits.idleTimeout = .seconds(2)
        limits.handshakeTimeout = .seconds(60)
        limits.authenticationTimeout = .seconds(60)
        limits.frameTimeout = .seconds(60)
        // Made before connecting: a client that takes longer than that to build its request is idle.
        let members: [Chibo_V1_Record] = (0..<80_000).map { i in
            .with {
                $0.member = .with {
                    $0.id = "L\(i)"; $0.fullName = "Lò Văn Dài \(i)"
                }
            }
        }
        let (elapsed, count) = try await LiveServer.run(limits: limits) { server in
            try await server.connect { connection in
                let started = ContinuousClock.now
                let written = try await connection.put(members).inserted
                return (ContinuousClock.now - started, written)
            }
        }
        // Writing them took longer than the idle timeout: it had to be held off to get here.
        #expect(elapsed > .seconds(2))
        #expect(count == 80_000)
    }
}

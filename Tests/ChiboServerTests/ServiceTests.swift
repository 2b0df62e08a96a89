import ChiboClient
import ChiboServer
import ChiboWire
import Foundation
import Testing

/// The service in-process: served on both transports, sealed on TCP, and shut down gracefully.
@Suite(.timeLimit(.minutes(1))) struct ServiceTests {
    @Test func servesBothTransportsAndStopsGracefully() async throws {
        let names = try await LiveServer.run { server in
            let overUnix = try await server.connect { try await $0.status() }
            let overTCP = try await server.connect(server.tcp) { connection in
                #expect(connection.daemon.transport != nil)
                _ = try await connection.put([
                    .with {
                        $0.member = .with {
                            $0.id = "L1"; $0.fullName = "Lò Văn Sống"
                        }
                    }
                ])
                return try await connection.status()
            }
            return [overUnix.callerName, overTCP.callerName]
        }
        #expect(names == ["Quản trị viên", "Quản trị viên"])
    }

    @Test func aConnectionInFlightIsAnsweredBeforeShutdown() async throws {
        // The body's requests all finish before the graceful shutdown begins; the service then returns, which
        // LiveServer waits for: a hung connection task would fail this test on its time limit.
        let listed = try await LiveServer.run { server in
            try await server.connect { connection in
                for i in 0..<20 {
                    _ = try await connection.put([
                        .with {
                            $0.member = .with {
                                $0.id = "G\(i)"; $0.fullName = "Lò Văn \(i)"
                            }
                        }
                    ])
                }
                return try await connection.listAll(.with { $0.kind = "member" }).count
            }
        }
        #expect(listed == 20)
    }

    @Test func tightLimitsComeFromTheConfiguration() async throws {
        var limits = ProtocolLimits()
        limits.maxConnectionsPerAddress = 1
        try await LiveServer.run(limits: limits) { server in
            try await FrameConnection.with(server.tcp) { held in
                try await held.send(Preamble(major: 1, minor: 1).bytes)
                _ = try await held.next()
                try await FrameConnection.with(server.tcp) { extra in
                    #expect((try? await extra.next()) == nil)
                }
                // The Unix socket is not limited by TCP addresses.
                _ = try await server.connect { try await $0.status() }
            }
        }
    }
}

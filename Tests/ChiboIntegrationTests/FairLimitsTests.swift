import ChiboClient
import ChiboWire
import Foundation
import Testing

/// Keyless peers cannot lock out the people with keys: 300 of them on TCP from 127.0.0.2 (Tests/tools/
/// keyless_peers.py, a process of its own so the measuring side is not starved by its own attackers), 260
/// holding slots after their hello (more than the 256 slots) and 40 reconnecting in a loop, while an admin on the Unix socket and a
/// clerk on TCP from 127.0.0.1 each make 50 requests, each on a new connection.
@Suite(.timeLimit(.minutes(3))) struct FairLimitsTests {
    static let deadline = 3.0
    static let attackSeconds = 8.0

    struct PeerStats: Decodable {
        let connections: Int
        let held: [Double]
    }

    func timed(_ body: () async throws -> Void) async throws -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    @Test func keylessPeersCannotLockOutKeyHolders() async throws {
        try await withDaemon(["--authentication-timeout", String(Self.deadline)]) { daemon in
            let clerk = SigningKey.generate()
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                _ = try await $0.enrol(
                    .with {
                        $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Thư ký"
                    })
            }
            let script = Binaries.repositoryRoot.appendingPathComponent("Tests/tools/keyless_peers.py").path
            async let attack = Subprocess.run(
                PythonClientTests.python,
                [
                    script, "--connect", daemon.tcp.description, "--source", "127.0.0.2",
                    "--holders", "260", "--reconnectors", "40", "--seconds", String(Self.attackSeconds),
                ],
                directory: daemon.root)
            try await Task.sleep(for: .seconds(1))  // let them take every slot they can
            async let admin: [Duration] = (0..<50).asyncMap { _ in try await timed { _ = try await daemon.statusWorks() } }
            async let clerkTimes: [Duration] = (0..<50).asyncMap { _ in
                try await timed { _ = try await daemon.statusWorks(over: daemon.tcpEndpoint, key: clerk) }
            }
            let served = try await admin + clerkTimes
            let peers = try await attack
            #expect(peers.status == 0, "\(peers.stderr)")
            let stats = try JSONDecoder().decode(PeerStats.self, from: Data(peers.stdout.utf8))

            #expect(served.count == 100)
            let sorted = served.sorted()
            let p99 = sorted[Int(Double(sorted.count - 1) * 0.99)]
            #expect(p99 < .milliseconds(100), "p99 \(p99), p50 \(sorted[sorted.count / 2]), keyless connections \(stats.connections)")
            #expect(stats.connections > 1000)
            // Keyless peers that got a slot lost it at the authentication deadline, not after the 300 s idle time.
            #expect(stats.held.contains { $0 >= Self.deadline - 0.5 })
            #expect(stats.held.allSatisfy { $0 < Self.deadline + 3 }, "longest hold \(stats.held.max() ?? 0) s")
            #expect(daemon.logText.contains("connections refused or dropped"))
        }
    }
}

extension Range where Bound == Int {
    /// The results of `body` for each element, one after another.
    func asyncMap<T>(_ body: (Int) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await body(element)) }
        return results
    }
}

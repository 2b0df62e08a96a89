import ArgumentParser
import ChiboClient
import ChiboWire
import Foundation

/// `chibo-bench`: load on a running chibod, with latency percentiles, next to the machine's Ed25519 limit.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chibo-bench",
        abstract: "Measure chibod: signed round trips under load, and report timings.",
        subcommands: [StatusBench.self, WriteBench.self, ReportBench.self, UpstreamBench.self],
        defaultSubcommand: StatusBench.self
    )

    public init() {}
}

/// Signed status round trips from concurrent connections.
struct StatusBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Signed status round trips from concurrent connections, with latency percentiles.",
        discussion: """
            Each request costs one Ed25519 signature and one verification on each side, so the libsodium \
            sign+verify rate measured first is the ceiling to compare the daemon's throughput with.
            """
    )

    @Option(name: .long, help: "The daemon's Unix socket.") var socket: String?
    @Option(name: .long, help: "The daemon's TCP address, HOST:PORT.") var connect: String?
    @Option(name: .long, help: "An enrolled secret key file.") var key: String
    @Option(name: .long, help: "Concurrent connections.") var connections: Int = 8
    @Option(name: .long, help: "Requests per connection.") var requests: Int = 2000
    @Option(name: .long, help: "Requests in flight on each connection (at most the daemon's max_in_flight).")
    var depth: Int = 1
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Confidential transport: auto (on TCP only, as chibo does), on, off, or both (the same load plaintext "
                + "and then sealed, side by side; plaintext TCP needs chibod --allow-plaintext-tcp).", valueName: "mode"))
    var sealing: SealingMode = .auto
    @Option(name: .customLong("sodium-seconds"), help: "How long to measure the sign+verify rate.")
    var sodiumSeconds: Double = 2

    func validate() throws {
        guard (socket == nil) != (connect == nil) else { throw ValidationError("give exactly one of --socket or --connect") }
        guard connections > 0, requests > 0, depth > 0 else {
            throw ValidationError("--connections, --requests and --depth must be positive")
        }
    }

    func run() async throws {
        let endpoint: Endpoint = socket.map(Endpoint.unixSocket) ?? .tcp(HostAndPort(connect!)!)
        let signingKey = try KeyFile.readSecret(at: key)
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let rate = Self.sodiumRate(seconds: sodiumSeconds, bytes: 120)
        // Each round trip costs two sign+verify pairs (request and response), spread over every core that the
        // daemon and this load generator share.
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        let ceiling = rate * cores / 2
        print(String(format: "libsodium Ed25519 sign+verify, one core: %.0f pairs/s", rate))
        print(String(format: "ceiling for signed round trips on this machine: %.0f requests/s", ceiling))

        // The first connection checks the daemon key against the user's pins, as chibo does; the load
        // connections then expect exactly that key.
        let daemonKey = try await ChiboConnection.with(endpoint, key: signingKey, trust: .pinned(.userDefault)) {
            try Self.check(depth: depth, against: $0)
            return $0.daemon.daemonKey.id
        }
        print("status round trips over \(endpoint): \(connections) connections x \(requests) requests, \(depth) in flight on each")
        for mode in sealing.runs {
            try await load(endpoint, signingKey, daemonKey, sealing: mode, ceiling: ceiling)
        }
    }

    private func load(_ endpoint: Endpoint, _ signingKey: SigningKey, _ daemonKey: KeyID, sealing: Bool?, ceiling: Double)
        async throws
    {
        let (requests, depth) = (self.requests, self.depth)  // captured by the tasks instead of the (non-Sendable) command
        let started = ContinuousClock.now
        let all = try await withThrowingTaskGroup(of: Latencies.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await ChiboConnection.with(endpoint, key: signingKey, trust: .expect(daemonKey), sealing: sealing) {
                        connection in
                        var latencies = Latencies()
                        var sent = 0
                        try await connection.pipeline(depth: depth) {
                            guard sent < requests else { return nil }
                            sent += 1
                            return .init(.status(.init()))
                        } answered: { result, latency in
                            _ = try result.get()
                            latencies.append(latency)
                        }
                        return latencies
                    }
                }
            }
            var merged = Latencies()
            for try await part in group { merged.append(contentsOf: part) }
            return merged
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = connections * requests
        let transport =
            switch sealing {
            case true?: "sealed"
            case false?: "plaintext"
            case nil: if case .tcp = endpoint { "sealed" } else { "plaintext" }
            }
        print("  \(transport):")
        print(
            String(
                format: "  throughput: %.0f requests/s (%.1f%% of the ceiling)", Double(total) / seconds,
                100 * Double(total) / seconds / ceiling))
        for p in [50.0, 90.0, 99.0, 99.9, 100.0] {
            let label = p == 100 ? "max" : "p\(p == p.rounded() ? String(Int(p)) : String(p))"
            print("  \(label.padding(toLength: 6, withPad: " ", startingAt: 0)) \(Latencies.milliseconds(all.percentile(p)))")
        }
    }

    /// A depth the daemon takes: beyond its `max_in_flight`, the extra requests would be told `busy`.
    static func check(depth: Int, against connection: ChiboConnection) throws {
        let limit = Int(connection.daemon.limits.maxInFlight)
        guard depth <= limit else {
            throw ValidationError("--depth \(depth) is more than the daemon's max_in_flight (\(limit))")
        }
    }

    /// Sign-then-verify pairs per second on one core, over a body of `bytes` (a status request is about 120).
    static func sodiumRate(seconds: Double, bytes: Int) -> Double {
        let key = SigningKey.generate()
        let message = Sodium.randomBytes(bytes)
        var pairs = 0
        let start = ContinuousClock.now
        let limit = Duration.milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now - start < limit {
            for _ in 0..<100 {
                let signature = key.signature(over: message)
                precondition(key.publicKey.isValidSignature(signature, over: message))
            }
            pairs += 100
        }
        let elapsed = ContinuousClock.now - start
        return Double(pairs) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

enum SealingMode: String, ExpressibleByArgument, CaseIterable {
    case auto, on, off, both

    /// The `sealing` argument of each run: nil lets the client library choose by transport.
    var runs: [Bool?] {
        switch self {
        case .auto: [nil]
        case .on: [true]
        case .off: [false]
        case .both: [false, true]
        }
    }
}

public enum Bench {
    public static func main() async {
        await BenchCommand.main(nil)
    }
}

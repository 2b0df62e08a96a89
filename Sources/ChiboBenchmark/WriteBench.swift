import ArgumentParser
import ChiboClient
import ChiboWire
import Foundation
import Histogram

/// Durable signed writes under load: each connection writes meetings with their presence lists into a cell
/// of its own, for a set time, optionally mixed with reads; latencies in an HDR histogram, throughput next to
/// the Ed25519 bound measured in the same run.
struct WriteBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "writes",
        abstract: "Durable signed writes (meetings with presence lists) from concurrent connections, next to the Ed25519 bound.",
        discussion: """
            The key must be able to write records with no scope. The run first writes its own small tree (a \
            top unit BENCH-<random>, a cell per connection with its members), then each connection writes \
            meetings with every member of its cell on the presence list, acknowledged only once on disk, until \
            --seconds pass. --reads 0.2 makes one request in five a read instead (a page of the cell's meetings, \
            or the participation report of the cell). Each write costs two Ed25519 signatures and two \
            verifications (request and response), so the libsodium rate measured first bounds the throughput.
            """
    )

    @Option(name: .long, help: "The daemon's Unix socket.") var socket: String?
    @Option(name: .long, help: "The daemon's TCP address, HOST:PORT.") var connect: String?
    @Option(name: .long, help: "An enrolled secret key file (admin or clerk, no scope).") var key: String
    @Option(name: .long, help: "Concurrent connections.") var connections: Int = 64
    @Option(name: .long, help: "Requests in flight on each connection (at most the daemon's max_in_flight).")
    var depth: Int = 1
    @Option(name: .long, help: "How long to write, in seconds.") var seconds: Double = 10
    @Option(name: .long, help: "Members of each cell, all on every meeting's presence list.") var members: Int = 12
    @Option(name: .long, help: "The share of requests that are reads instead (0 to 1).") var reads: Double = 0
    @Option(name: .customLong("sodium-seconds"), help: "How long to measure the sign+verify rate.") var sodiumSeconds: Double = 2

    func validate() throws {
        guard (socket == nil) != (connect == nil) else { throw ValidationError("give exactly one of --socket or --connect") }
        guard connections > 0, seconds > 0, members > 0, depth > 0 else {
            throw ValidationError("--connections, --depth, --seconds and --members must be positive")
        }
        guard (0...1).contains(reads) else { throw ValidationError("--reads is a share, 0 to 1") }
    }

    func run() async throws {
        let endpoint: Endpoint = socket.map(Endpoint.unixSocket) ?? .tcp(HostAndPort(connect!)!)
        let signingKey = try KeyFile.readSecret(at: key)
        let tree = "BENCH-" + Hex.encode(Sodium.randomBytes(4))
        let (connections, members, reads, depth) = (self.connections, self.members, self.reads, self.depth)
        let sample = Self.meeting(tree: tree, connection: 0, number: 0, members: members)
        let body: [UInt8] = try Chibo_V1_Request.with { $0.operation = .putRecords(.with { $0.records = [sample] }) }.serializedBytes()
        let bodyBytes = body.count

        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let rate = StatusBench.sodiumRate(seconds: sodiumSeconds, bytes: bodyBytes)
        // Two signatures and two verifications per write, over every core the daemon and the load share.
        let bound = rate * Double(ProcessInfo.processInfo.activeProcessorCount) / 2
        print(String(format: "libsodium Ed25519 sign+verify over a %d-byte request, one core: %.0f pairs/s", bodyBytes, rate))
        print(String(format: "bound for signed writes on this machine: %.0f writes/s", bound))

        let daemonKey = try await ChiboConnection.with(endpoint, key: signingKey, trust: .pinned(.userDefault)) { connection in
            try StatusBench.check(depth: depth, against: connection)
            _ = try await connection.put(Self.tree(tree, cells: connections, members: members))
            return connection.daemon.daemonKey.id
        }
        print(
            "writing into \(tree) over \(endpoint): \(connections) connections, \(depth) in flight on each, for \(seconds) s, "
                + "\(members) on each presence list")

        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let started = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: (Histogram<UInt64>, Histogram<UInt64>).self) { group in
            for c in 0..<connections {
                group.addTask {
                    try await ChiboConnection.with(endpoint, key: signingKey, trust: .expect(daemonKey)) { connection in
                        var written = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                        var read = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                        var number = 0
                        var random = SystemRandomNumberGenerator()
                        try await connection.pipeline(depth: depth) {
                            guard ContinuousClock.now < deadline else { return nil }
                            if reads > 0, Double.random(in: 0..<1, using: &random) < reads {
                                if number % 2 == 0 {
                                    return .init(
                                        .listRecords(
                                            .with {
                                                $0.kind = "meeting"; $0.unitID = Self.cell(tree, c); $0.limit = 20
                                            }))
                                }
                                return .init(
                                    .report(
                                        .with {
                                            $0.kind = "participation"; $0.period = "2025"; $0.unitID = Self.cell(tree, c)
                                        }))
                            }
                            number += 1
                            let meeting = Self.meeting(tree: tree, connection: c, number: number, members: members)
                            return .init(
                                .putRecords(.with { $0.records = [meeting] }), idempotencyKey: Data(Sodium.randomBytes(16)))
                        } answered: { result, latency in
                            if case .putRecords? = try result.get().result {
                                _ = written.record(Self.microseconds(latency))
                            } else {
                                _ = read.record(Self.microseconds(latency))
                            }
                        }
                        return (written, read)
                    }
                }
            }
            var writes = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            var readings = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            for try await (written, read) in group {
                writes.add(written)
                readings.add(read)
            }
            return (writes, readings)
        }
        let elapsed = ContinuousClock.now - started
        let span = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let (writes, readings) = results
        let writeRate = Double(writes.totalCount) / span
        print(
            String(
                format: "writes: %d in %.1f s = %.0f durable signed writes/s (%.1f%% of the bound)", writes.totalCount, span, writeRate,
                100 * writeRate / bound))
        Self.printPercentiles(writes)
        if readings.totalCount > 0 {
            print(String(format: "reads: %d = %.0f/s", readings.totalCount, Double(readings.totalCount) / span))
            Self.printPercentiles(readings)
        }
    }

    static func printPercentiles(_ histogram: Histogram<UInt64>) {
        for p in [50.0, 90.0, 99.0, 99.9] {
            let label = "p\(p == p.rounded() ? String(Int(p)) : String(p))"
            print("  \(label.padding(toLength: 6, withPad: " ", startingAt: 0)) \(milliseconds(histogram.valueAtPercentile(p)))")
        }
        print("  max    \(milliseconds(histogram.max))")
    }

    static func milliseconds(_ microseconds: UInt64) -> String { String(format: "%.2f ms", Double(microseconds) / 1000) }

    static func microseconds(_ duration: Duration) -> UInt64 {
        UInt64(max(1, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000))
    }

    /// The days of 2025, made once: the load generator should spend its time on the requests, not on dates.
    static let days: [String] = {
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var days: [String] = []
        for (index, length) in lengths.enumerated() {
            let month = index + 1 < 10 ? "0\(index + 1)" : "\(index + 1)"
            for day in 1...length { days.append("2025-\(month)-" + (day < 10 ? "0\(day)" : "\(day)")) }
        }
        return days
    }()

    static func cell(_ tree: String, _ connection: Int) -> String { "\(tree).C\(connection)" }

    /// The bench's own tree: a top unit, a cell per connection, and each cell's members.
    static func tree(_ tree: String, cells: Int, members: Int) -> [Chibo_V1_Record] {
        var records: [Chibo_V1_Record] = [
            .with {
                $0.unit = .with {
                    $0.id = tree; $0.name = "Đảng bộ đo tải \(tree)"; $0.level = "grassroots"; $0.activeFrom = "2020-01-01"
                }
            }
        ]
        for c in 0..<cells {
            records.append(
                .with {
                    $0.unit = .with {
                        $0.id = cell(tree, c); $0.parentID = tree; $0.name = "Chi bộ đo tải \(c)"; $0.level = "cell"
                        $0.activeFrom = "2020-01-01"
                    }
                })
            for m in 0..<members { records += member("\(tree)-M\(c)-\(m)", name: "Lò Văn Đo \(c) \(m)", in: cell(tree, c)) }
        }
        return records
    }

    /// A member of the bench's own and their membership of `cell` since 2020.
    static func member(_ id: String, name: String, in cell: String) -> [Chibo_V1_Record] {
        [
            .with {
                $0.member = .with {
                    $0.id = id; $0.fullName = name
                }
            },
            .with {
                $0.membership = .with {
                    $0.memberID = id; $0.cellID = cell; $0.from = "2020-01-01"
                }
            },
        ]
    }

    /// Meeting `number` of a connection's cell, every member present, on a day of 2025 (numbers beyond a year's
    /// days come back round: a cell may meet more than once on a day).
    static func meeting(tree: String, connection: Int, number: Int, members: Int) -> Chibo_V1_Record {
        .with {
            $0.meeting = .with {
                $0.id = "\(tree)-H\(connection)-\(number)"
                $0.unitID = cell(tree, connection)
                $0.date = days[number % days.count]
                $0.kind = "regular"
                $0.attendance = (0..<members).map { m in
                    .with {
                        $0.memberID = "\(tree)-M\(connection)-\(m)"; $0.presence = "present"
                    }
                }
            }
        }
    }
}

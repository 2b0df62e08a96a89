import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboWire
import Foundation

/// Times reports on a loaded daemon: the daemon's own computing time (sent back with each report) and the
/// round trip as a client sees it, over repeated runs after one warm-up.
struct ReportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Time the compliance and visits-by-level reports (or others) on a loaded daemon.",
        discussion: """
            Load a data set and a rule set first, e.g. the province demo: `chibo demo generate --size province`, \
            `chibo demo load`, `chibo rules load rules/yen-bai-18-2019.rules --unit HB`. docs/PERFORMANCE.md \
            records the figures of this machine.
            """
    )

    @Option(name: .long, help: "The daemon's Unix socket.") var socket: String?
    @Option(name: .long, help: "The daemon's TCP address, HOST:PORT.") var connect: String?
    @Option(name: .long, help: "An enrolled secret key file.") var key: String
    @Option(name: .long, help: "The period of the reports.") var period = "2025"
    @Option(name: .long, help: "Only this unit's subtree.") var unit: String?
    @Option(name: .long, parsing: .upToNextOption, help: "Report kinds to time.")
    var kinds: [String] = [ReportKind.compliance.rawValue, ReportKind.visitsByLevel.rawValue]
    @Option(name: .long, help: "Timed runs per report, after one warm-up.") var runs = 10
    @Flag(
        name: .customLong("after-write"),
        help: ArgumentHelp(
            "Before each run, write a member into a cell of the bench's own (top unit BENCH-<random>): the figures right after a "
                + "write that changes what compliance and visits by level keep, instead of warm."))
    var afterWrite = false
    @Option(
        name: .customLong("write"),
        help: ArgumentHelp(
            "What --after-write writes: member (a member and membership: the officials' memberships are read again) or visit "
                + "(a meeting and an official's visit to it: the visits are taken in).", valueName: "kind"))
    var write: WriteKind = .member

    enum WriteKind: String, ExpressibleByArgument, CaseIterable {
        case member, visit
    }

    func validate() throws {
        guard (socket == nil) != (connect == nil) else { throw ValidationError("give exactly one of --socket or --connect") }
        guard runs > 0 else { throw ValidationError("--runs must be positive") }
        guard Period(period) != nil else { throw ValidationError("--period \(period) is not a period") }
        for kind in kinds where ReportKinds.definition(ReportKind(rawValue: kind)) == nil {
            throw ValidationError("unknown report kind \(kind)")
        }
    }

    func run() async throws {
        let endpoint: Endpoint = socket.map(Endpoint.unixSocket) ?? .tcp(HostAndPort(connect!)!)
        let signingKey = try KeyFile.readSecret(at: key)
        let (kinds, runs, period, unit, afterWrite, write) = (self.kinds, self.runs, self.period, self.unit, self.afterWrite, self.write)
        let tree = "BENCH-" + Hex.encode(Sodium.randomBytes(4))
        try await ChiboConnection.with(endpoint, key: signingKey, trust: .pinned(.userDefault)) { connection in
            print(
                "reports for \(period)\(unit.map { " under \($0)" } ?? "") over \(endpoint), \(runs) runs after a warm-up"
                    + (afterWrite ? ", each right after a write of a \(write.rawValue)" : ""))
            if afterWrite { _ = try await connection.put(WriteBench.tree(tree, cells: 1, members: 0) + Self.visitor(tree)) }
            // Visits go to meetings on days of the period, one meeting each (an official visits a meeting once).
            let days = Period(period)!.days
            let dayCount = days.start.days(until: days.end!) + 1
            var written = 0
            for kind in kinds {
                let request = Chibo_V1_ReportRequest.with {
                    $0.kind = kind; $0.period = period; $0.unitID = unit ?? ""
                }
                let (warm, _) = try await connection.report(request)
                var daemon = Latencies()
                var roundTrip = Latencies()
                for _ in 0..<runs {
                    if afterWrite {
                        written += 1
                        switch write {
                        case .member:
                            _ = try await connection.put(
                                WriteBench.member("\(tree)-W\(written)", name: "Lò Văn Ghi \(written)", in: WriteBench.cell(tree, 0)))
                        case .visit:
                            let day = CalendarDay(ordinal: days.start.ordinal + written % dayCount)
                            _ = try await connection.put(Self.visit(tree, written, on: day))
                        }
                    }
                    let t0 = ContinuousClock.now
                    let (_, elapsed) = try await connection.report(request)
                    roundTrip.append(ContinuousClock.now - t0)
                    daemon.append(.microseconds(elapsed))
                }
                let rows = warm.tables.map { "\($0.key) \($0.rows.count)" }.joined(separator: ", ")
                print("\(kind): \(rows)")
                // The least time too: on a shared machine it moves less from run to run than the median does.
                for (label, times) in [("in the daemon:", daemon), ("round trip:   ", roundTrip)] {
                    let (least, median, most) = (times.percentile(0), times.percentile(50), times.percentile(100))
                    print(
                        "  \(label) min \(Latencies.milliseconds(least))  p50 \(Latencies.milliseconds(median))  max \(Latencies.milliseconds(most))"
                    )
                }
            }
        }
    }

    /// The official of the bench's own tree who visits its cell: secretary of its top unit since 2020.
    static func visitor(_ tree: String) -> [Chibo_V1_Record] {
        [
            .with {
                $0.official = .with {
                    $0.id = "\(tree)-O"; $0.fullName = "Lò Văn Thăm"
                }
            },
            .with {
                $0.position = .with {
                    $0.officialID = "\(tree)-O"; $0.committeeID = tree; $0.role = "bi_thu"; $0.from = "2020-01-01"
                }
            },
        ]
    }

    /// Meeting `number` of the bench's cell on `day`, and the official's visit to it.
    static func visit(_ tree: String, _ number: Int, on day: CalendarDay) -> [Chibo_V1_Record] {
        [
            .with {
                $0.meeting = .with {
                    $0.id = "\(tree)-VH\(number)"; $0.unitID = WriteBench.cell(tree, 0); $0.date = day.iso; $0.kind = "regular"
                }
            },
            .with {
                $0.visit = .with {
                    $0.id = "\(tree)-V\(number)"; $0.meetingID = "\(tree)-VH\(number)"; $0.officialID = "\(tree)-O"
                }
            },
        ]
    }
}

import ArgumentParser
import ChiboClient
import ChiboWire
import Foundation

/// Carries a lower daemon's whole journal to an upper daemon, bundle by bundle, timing each step: what a
/// district costs the province (docs/upward.md, "Figures").
struct UpstreamBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upstream",
        abstract: "Time exporting a lower daemon's journal, checking it offline and applying it at an upper daemon.",
        discussion: """
            The upper daemon must hold the lower daemon's top unit and have its daemon.pub enrolled as a reporter \
            for it, with nothing accepted from it yet (docs/upward.md). Bundles go over the Unix sockets, one at a \
            time, as `chibo upstream export` and `import` carry them.
            """
    )

    @Option(name: .long, help: "The lower daemon's Unix socket.") var socket: String
    @Option(name: .long, help: "An admin key of the lower daemon.") var key: String
    @Option(name: .customLong("upper-socket"), help: "The upper daemon's Unix socket.") var upperSocket: String
    @Option(name: .customLong("upper-key"), help: "An admin key of the upper daemon.") var upperKey: String

    func run() async throws {
        let lower = Endpoint.unixSocket(socket)
        let upper = Endpoint.unixSocket(upperSocket)
        let (lowerKey, upperKey) = (try KeyFile.readSecret(at: key), try KeyFile.readSecret(at: self.upperKey))

        var bundles: [Chibo_V1_Bundle] = []
        let exportStart = ContinuousClock.now
        try await ChiboConnection.with(lower, key: lowerKey, trust: .pinned(.userDefault)) { connection in
            var next: UInt64 = 1
            while true {
                let export = try await connection.upstreamExport(fromSeq: next)
                guard let last = export.bundle.entries.last else { break }
                bundles.append(export.bundle)
                next = last.seq + 1
            }
        }
        let exported = ContinuousClock.now - exportStart
        let bytes = BundleFile.encode(bundles).count
        let entries = bundles.reduce(0) { $0 + $1.entries.count }

        let checkStart = ContinuousClock.now
        let records = try bundles.reduce(0) { total, bundle in
            try bundle.check().requests.reduce(total) { count, request in
                switch request.operation {
                case .putRecords(let put): count + put.records.count
                case .importChunk(let chunk): count + chunk.records.count
                case .endRecord: count + 1
                default: count
                }
            }
        }
        let checked = ContinuousClock.now - checkStart

        var perBundle = Latencies()
        let applyStart = ContinuousClock.now
        var inserted = 0
        try await ChiboConnection.with(upper, key: upperKey, trust: .pinned(.userDefault)) { connection in
            for bundle in bundles {
                let t0 = ContinuousClock.now
                let result = try await connection.upstreamApply(bundle)
                perBundle.append(ContinuousClock.now - t0)
                inserted += Int(result.inserted)
                guard result.acceptedEntries == bundle.entries.count else {
                    throw ValidationError("the upper daemon had accepted some of these entries before: start from a fresh one")
                }
            }
        }
        let applied = ContinuousClock.now - applyStart

        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        print("journal: \(entries) entries in \(bundles.count) bundles, \(records) records, \(bytes) bytes as a bundle file")
        print(String(format: "export (lower daemon, over its socket): %.2f s", seconds(exported)))
        print(String(format: "offline check (every signature and hash): %.2f s", seconds(checked)))
        print(
            String(
                format: "apply (upper daemon, over its socket): %.2f s, %.0f records/s", seconds(applied),
                Double(records) / max(seconds(applied), 1e-9))
                + "; per bundle p50 \(Latencies.milliseconds(perBundle.percentile(50))), max \(Latencies.milliseconds(perBundle.percentile(100)))"
        )
        print("records new at the upper daemon: \(inserted)")
    }
}

import ChiboClient
import ChiboWire
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `chibod run --metrics` serves what an operator scrapes, in Prometheus' text format.
@Suite(.timeLimit(.minutes(2))) struct MetricsTests {
    func get(_ address: HostAndPort, _ path: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://\(address)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func requestsConnectionsAndStorageAreScraped() async throws {
        try await withDaemon(["--metrics", "127.0.0.1:0"]) { daemon in
            let address = try #require(daemon.metrics)
            _ = try await daemon.statusWorks()
            #expect(try await daemon.chibo(["add", "members", "id=MT1", "full_name=Lò Văn Đếm"]).status == 0)
            #expect(try await daemon.chibo(["list", "meetings", "--search", "x"]).status == 1)  // invalid_argument
            let (status, text) = try await get(address, "/metrics")
            #expect(status == 200)
            let lines = text.split(separator: "\n").map(String.init)
            func line(_ name: String, _ labels: [String]) -> String? {
                lines.first { $0.hasPrefix(name + "{") && labels.allSatisfy($0.contains) }
            }
            #expect(line("chibo_requests_total", ["operation=\"status\"", "code=\"ok\""]) != nil, "\(text)")
            #expect(line("chibo_requests_total", ["operation=\"put_records\"", "code=\"ok\""])?.hasSuffix(" 1") == true)
            #expect(line("chibo_requests_total", ["operation=\"list_records\"", "code=\"invalid_argument\""]) != nil)
            #expect(line("chibo_request_duration_seconds_bucket", ["operation=\"status\""]) != nil)
            #expect(line("chibo_connections", ["state=\"authenticated\""]) != nil)
            #expect(lines.contains { $0.hasPrefix("chibo_journal_entries ") })
            #expect(lines.contains { $0.hasPrefix("chibo_database_bytes ") })
            #expect(try await get(address, "/").0 == 404)
        }
    }

    @Test func refusalsAreCountedByLimit() async throws {
        try await withDaemon(["--metrics", "127.0.0.1:0", "--max-connections-per-address", "1"]) { daemon in
            try await FrameConnection.with(daemon.tcpEndpoint) { held in
                try await held.send(Preamble(major: 1, minor: 1).bytes)
                _ = try await held.next()
                try await FrameConnection.with(daemon.tcpEndpoint) { extra in
                    #expect(await extra.closedByPeer())
                }
            }
            let (_, text) = try await get(try #require(daemon.metrics), "/metrics")
            #expect(text.contains("chibo_connections_refused_total{limit=\"per_address\"} 1"), "\(text)")
        }
    }
}

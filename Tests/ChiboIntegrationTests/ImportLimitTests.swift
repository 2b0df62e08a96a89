import ChiboClient
import ChiboWire
import Foundation
import Testing

/// What one key may stage is limited, unfinished imports are swept while the daemon runs, a refused chunk
/// stages nothing, and chunks sent together are staged in their order.
@Suite(.timeLimit(.minutes(2))) struct ImportLimitTests {
    func chunk(_ importID: Data, _ index: UInt32, last: Bool = false, ids: [String]) -> Chibo_V1_Request.OneOf_Operation {
        .importChunk(
            .with {
                $0.importID = importID
                $0.chunkIndex = index
                $0.last = last
                $0.records = ids.map { id in
                    .with {
                        $0.member = .with {
                            $0.id = id; $0.fullName = "Lò Văn \(id)"
                        }
                    }
                }
            })
    }

    func code(_ body: () async throws -> Void) async -> WireError? {
        do { try await body() } catch let error as WireError { return error } catch { return nil }
        return nil
    }

    @Test func chunksBytesAndOpenImportsAreLimited() async throws {
        try await withDaemon(["--max-import-chunks", "2", "--max-open-imports-per-key", "1", "--max-staged-bytes-per-key", "20000"]) {
            daemon in
            let refused = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                let a = Data(Sodium.randomBytes(16))
                _ = try await c.write(chunk(a, 0, ids: ["A0"]))
                _ = try await c.write(chunk(a, 1, ids: ["A1"]))
                let third = await code { _ = try await c.write(chunk(a, 2, ids: ["A2"])) }
                #expect(
                    third?.code == .limitExceeded && third?.message.contains("at most 2 chunks") == true, "\(String(describing: third))")

                let b = Data(Sodium.randomBytes(16))
                let second = await code { _ = try await c.write(chunk(b, 0, ids: ["B0"])) }
                #expect(second?.code == .limitExceeded && second?.message.contains("unfinished imports") == true)

                // The first import still finishes, with exactly what it had staged.
                let done = try await c.write(chunk(a, 2, last: true, ids: ["A2"]))
                #expect(done.importChunk.applied && done.importChunk.inserted == 3)

                let big = (0..<1500).map { "C\($0)" }
                let c0 = Data(Sodium.randomBytes(16))
                let bytes = await code { _ = try await c.write(chunk(c0, 0, ids: big)) }
                #expect(bytes?.code == .limitExceeded && bytes?.message.contains("20000 bytes") == true)
                return [b, c0]
            }
            #expect(try await daemon.store().counts()["member"] == 3)
            // The refused chunks staged nothing.
            for importID in refused { #expect(try await daemon.store().stagedRecordCount(importID: importID) == 0) }
        }
    }

    @Test func unfinishedImportsAreSweptWhileTheDaemonRuns() async throws {
        try await withDaemon(["--import-lifetime", "1", "--import-sweep-interval", "0.5", "--import-chunk-wait", "0.2"]) { daemon in
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                let a = Data(Sodium.randomBytes(16))
                _ = try await c.write(chunk(a, 0, ids: ["S0"]))
                try await Task.sleep(for: .seconds(2.5))
                let late = await code { _ = try await c.write(chunk(a, 1, last: true, ids: ["S1"])) }
                #expect(late?.code == .conflict && late?.message.contains("0 chunks are staged") == true, "\(String(describing: late))")
            }
            #expect(daemon.logText.contains("dropped staged chunks of unfinished imports"))
            #expect(try await daemon.store().counts()["member"] == 0)
        }
    }

    @Test func chunksSentTogetherAreStagedInTheirOrderWhicheverArrivesFirst() async throws {
        try await withDaemon { daemon in
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                let a = Data(Sodium.randomBytes(16))
                // Chunk 1 goes out first and reaches the store first (chunk 0, right behind it, takes longer to
                // decode); it waits for chunk 0 and then counts after it.
                let first = (0..<2000).map { "P0-\($0)" }
                var out = [chunk(a, 1, ids: ["P1", "P2"]), chunk(a, 0, ids: first)]
                var staged: [UInt32] = []
                try await c.pipeline(depth: 2) {
                    out.isEmpty ? nil : .init(out.removeFirst(), idempotencyKey: Data(Sodium.randomBytes(16)))
                } answered: { result, _ in
                    staged.append(try result.get().importChunk.staged)
                }
                #expect(staged.sorted() == [2000, 2002])
                let done = try await c.write(chunk(a, 2, last: true, ids: ["P3"]))
                #expect(done.importChunk.applied && done.importChunk.inserted == 2003 && done.importChunk.staged == 2003)
            }
            #expect(try await daemon.store().counts()["member"] == 2003)
        }
    }

    @Test func aChunkWhoseForerunnerNeverComesIsRefusedAfterTheWait() async throws {
        try await withDaemon(["--import-chunk-wait", "0.3"]) { daemon in
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                let a = Data(Sodium.randomBytes(16))
                _ = try await c.write(chunk(a, 0, ids: ["W0"]))
                let started = ContinuousClock.now
                let early = await code { _ = try await c.write(chunk(a, 2, ids: ["W2"])) }
                #expect(ContinuousClock.now - started >= .milliseconds(300))
                #expect(
                    early?.code == .conflict && early?.message.contains("arrived out of order; 1 chunks are staged") == true,
                    "\(String(describing: early))")
                // Nothing of it was staged: chunk 1 and the last still finish the import.
                _ = try await c.write(chunk(a, 1, ids: ["W1"]))
                let done = try await c.write(chunk(a, 2, last: true, ids: ["W2"]))
                #expect(done.importChunk.applied && done.importChunk.inserted == 3)
            }
        }
    }

    @Test func chunksWaitingForOneThatFailedAreRefusedAtOnce() async throws {
        try await withDaemon(["--max-import-chunks", "2"]) { daemon in
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                let a = Data(Sodium.randomBytes(16))
                _ = try await c.write(chunk(a, 0, ids: ["F0"]))
                _ = try await c.write(chunk(a, 1, ids: ["F1"]))
                // Chunk 2 passes the limit; chunk 3, behind it, would otherwise wait the whole 30 s for it.
                var out = [chunk(a, 2, ids: ["F2"]), chunk(a, 3, ids: ["F3"])]
                var failures: [WireError] = []
                let started = ContinuousClock.now
                try await c.pipeline(depth: 2) {
                    out.isEmpty ? nil : .init(out.removeFirst(), idempotencyKey: Data(Sodium.randomBytes(16)))
                } answered: { result, _ in
                    if case .failure(let error) = result { failures.append(error) }
                }
                #expect(ContinuousClock.now - started < .seconds(10))
                #expect(failures.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.conflict, .limitExceeded])
                #expect(failures.contains { $0.message == "chunk 2 of this import failed, so chunk 3 was not staged" })
                #expect(try await daemon.store().stagedRecordCount(importID: a) == 2)
            }
        }
    }

    @Test func chiboImportStopsAtAStagedChunksRefusalWithoutWaiting() async throws {
        // A chunk waiting behind the refused one would wait ten minutes, past the suite's time limit, if the daemon
        // did not refuse it at once or chibo waited for it (how long the rows take to check depends on the load).
        try await withDaemon(["--max-import-chunks", "2", "--import-chunk-wait", "600"]) { daemon in
            // Enough rows for more than three chunks, so chibo sends the staged ones in flight together.
            let rows = (0..<150_000).map { "L\($0),Lò Văn \($0),HB.LS.CY.T01,01/01/2024" }
            let path = daemon.root.appendingPathComponent("many.csv").path
            try (["id,full_name,cell_id,from"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let result = try await daemon.chibo(["import", path, "--kind", "members"])
            #expect(result.status == 1, "\(result.stdout)")
            #expect(result.stderr.contains("at most 2 chunks"), "\(result.stderr)")
            #expect(try await daemon.store().counts()["member"] == 0)
        }
    }
}

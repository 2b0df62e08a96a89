import ChiboClient
import ChiboWire
import Foundation
import Testing

/// Every write operation, sent and then cut off before its answer: retried with the same idempotency key on a
/// new connection, and again after a daemon restart, it answers the first result and is written exactly once.
@Suite(.timeLimit(.minutes(3)), .serialized) struct IdempotencyTests {
    typealias Operation = Chibo_V1_Request.OneOf_Operation

    func journalCount(_ daemon: TestDaemon, _ operation: String) async throws -> Int {
        try await daemon.store().journalCount(operation: operation)
    }

    /// Sends `operation` with `key` on a raw connection and closes it without reading the answer; waits until
    /// the daemon has journalled the write; retries on a new connection, then after a restart, then with
    /// `other` under the same key. Returns the first result.
    func dropThenRetry(
        _ daemon: TestDaemon, _ operation: Operation, journal: String, other: Operation, key: Data = Data(Sodium.randomBytes(16))
    ) async throws -> Chibo_V1_Response.OneOf_Result? {
        let before = try await journalCount(daemon, journal)
        try await FrameConnection.with(daemon.unix) { frames in
            let client = try await RawClient.handshake(frames, key: daemon.adminKey)
            try await client.send(client.request(sequence: 1))  // authenticates: full-size frames from here on
            #expect(try await client.errorCode() == nil)
            try await client.send(client.request(sequence: 2, operation: operation, idempotencyKey: key))
        }  // closed with the answer unread
        var written = false
        for _ in 0..<200 where !written {
            written = try await journalCount(daemon, journal) == before + 1
            if !written { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(written, "the dropped write was not done")

        let retried = try await call(daemon, operation, key: key)
        #expect(retried.replayed)
        #expect(try await daemon.stop() == 0)
        let restarted = try await daemon.startAgain()
        defer { restarted.terminate() }
        let afterRestart = try await call(daemon, operation, key: key)
        #expect(afterRestart.replayed)
        #expect(afterRestart.result == retried.result)

        await #expect {
            _ = try await call(daemon, other, key: key)
        } throws: { ($0 as? WireError)?.code == .conflict }
        #expect(try await journalCount(daemon, journal) == before + 1)
        await daemon.stop(restarted)
        return retried.result
    }

    func call(_ daemon: TestDaemon, _ operation: Operation, key: Data) async throws -> Chibo_V1_Response {
        try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
            try await $0.call(operation, idempotencyKey: key)
        }
    }

    func member(_ id: String, _ name: String) -> Chibo_V1_Record {
        .with {
            $0.member = .with {
                $0.id = id; $0.fullName = name
            }
        }
    }

    func list(_ daemon: TestDaemon, _ kind: String, id: String) async throws -> [Chibo_V1_Record] {
        try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
            try await $0.listAll(
                .with {
                    $0.kind = kind; $0.id = id
                })
        }
    }

    @Test func putRecords() async throws {
        try await withDaemon { daemon in
            let result = try await dropThenRetry(
                daemon, .putRecords(.with { $0.records = [member("I1", "Lò Văn Một")] }), journal: "put_records",
                other: .putRecords(.with { $0.records = [member("I2", "Lò Văn Hai")] }))
            guard case .putRecords(let written)? = result else { Issue.record("no result"); return }
            #expect(written.inserted == 1)
            let restarted = try await daemon.startAgain()
            defer { restarted.terminate() }
            #expect(try await list(daemon, "member", id: "I1").count == 1)
            #expect(try await list(daemon, "member", id: "I2").isEmpty)
        }
    }

    @Test func importChunk() async throws {
        try await withDaemon { daemon in
            let importID = Data(Sodium.randomBytes(16))
            let firstKey = Data(Sodium.randomBytes(16))
            let first = Operation.importChunk(
                .with {
                    $0.importID = importID; $0.chunkIndex = 0; $0.records = [member("C1", "Lò Văn Một")]
                })
            let staged = try await call(daemon, first, key: firstKey)
            #expect(staged.importChunk.staged == 1)
            let last = Operation.importChunk(
                .with {
                    $0.importID = importID; $0.chunkIndex = 1; $0.last = true; $0.records = [member("C2", "Lò Văn Hai")]
                })
            let other = Operation.importChunk(
                .with {
                    $0.importID = importID; $0.chunkIndex = 1; $0.last = true; $0.records = [member("C3", "Lò Văn Ba")]
                })
            let result = try await dropThenRetry(daemon, last, journal: "import_chunk 1", other: other)
            guard case .importChunk(let applied)? = result else { Issue.record("no result"); return }
            #expect(applied.applied && applied.inserted == 2 && applied.staged == 2)
            let restarted = try await daemon.startAgain()
            defer { restarted.terminate() }
            // The staged chunk's retry, after the import was applied, still answers what it answered then.
            let again = try await call(daemon, first, key: firstKey)
            #expect(again.replayed && again.importChunk.staged == 1)
            #expect(try await list(daemon, "member", id: "C1").count == 1)
            #expect(try await list(daemon, "member", id: "C3").isEmpty)
            #expect(try await journalCount(daemon, "import_chunk 0") == 1)
        }
    }

    @Test func endRecord() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let unit = Chibo_V1_Record.with {
                $0.unit = .with {
                    $0.id = "HB.LS.CY.T09"; $0.parentID = "HB.LS.CY"; $0.name = "Chi bộ xóm Rụ 9"; $0.level = "cell";
                    $0.activeFrom = "2020-01-01"
                }
            }
            _ = try await call(daemon, .putRecords(.with { $0.records = [unit] }), key: Data(Sodium.randomBytes(16)))
            let result = try await dropThenRetry(
                daemon,
                .endRecord(
                    .with {
                        $0.kind = "unit"; $0.id = "HB.LS.CY.T09"; $0.until = "2025-12-31"
                    }), journal: "end_record",
                other: .endRecord(
                    .with {
                        $0.kind = "unit"; $0.id = "HB.LS.CY.T09"; $0.until = "2025-11-30"
                    }))
            guard case .endRecord(let ended)? = result else { Issue.record("no result"); return }
            #expect(ended.record.unit.activeUntil == "2025-12-31")
            let restarted = try await daemon.startAgain()
            defer { restarted.terminate() }
            #expect(try await list(daemon, "unit", id: "HB.LS.CY.T09").map(\.unit.activeUntil) == ["2025-12-31"])
        }
    }

    @Test func enrolKey() async throws {
        try await withDaemon { daemon in
            let clerk = SigningKey.generate()
            let result = try await dropThenRetry(
                daemon,
                .enrolKey(
                    .with {
                        $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Thư ký"
                    }),
                journal: "enrol_key",
                other: .enrolKey(
                    .with {
                        $0.publicKey = Data(SigningKey.generate().publicKey.bytes); $0.role = .clerk; $0.name = "Khác"
                    }))
            guard case .key(let info)? = result else { Issue.record("no result"); return }
            #expect(info.keyID == clerk.id.data && info.name == "Thư ký")
            let restarted = try await daemon.startAgain()
            defer { restarted.terminate() }
            let keys = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                try await $0.listKeys(includeRevoked: true)
            }
            #expect(keys.count == 2)
        }
    }

    @Test func revokeKey() async throws {
        try await withDaemon { daemon in
            let clerk = SigningKey.generate()
            let other = SigningKey.generate()
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { connection in
                for key in [clerk, other] {
                    _ = try await connection.enrol(
                        .with {
                            $0.publicKey = Data(key.publicKey.bytes); $0.role = .clerk; $0.name = "Thư ký"
                        })
                }
            }
            let result = try await dropThenRetry(
                daemon, .revokeKey(.with { $0.keyID = clerk.id.data }), journal: "revoke_key",
                other: .revokeKey(.with { $0.keyID = other.id.data }))
            guard case .key(let info)? = result else { Issue.record("no result"); return }
            #expect(info.keyID == clerk.id.data && info.status == .revoked)
            let restarted = try await daemon.startAgain()
            defer { restarted.terminate() }
            let active = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                try await $0.listKeys(includeRevoked: false)
            }
            #expect(active.map(\.keyID).contains(other.id.data))
            #expect(!active.map(\.keyID).contains(clerk.id.data))
        }
    }

    @Test func putRuleSet() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let source = try String(
                contentsOf: Binaries.repositoryRoot.appendingPathComponent("rules/yen-bai-18-2019.rules"), encoding: .utf8)
            let result = try await dropThenRetry(
                daemon,
                .putRuleSet(
                    .with {
                        $0.source = source; $0.unitIds = ["HB"]
                    }), journal: "put_rule_set",
                other: .putRuleSet(
                    .with {
                        $0.source = source; $0.unitIds = ["HB.LS"]
                    }))
            guard case .ruleSet(let info)? = result else { Issue.record("no result"); return }
            #expect(info.unitIds == ["HB"])
            let restarted = try await daemon.startAgain()
            defer { restarted.terminate() }
            let sets = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                try await $0.ruleSets()
            }
            #expect(sets.map(\.unitIds) == [["HB"]])
        }
    }

    @Test func writesSince11NeedAKeyOfSixteenBytes() async throws {
        try await withDaemon { daemon in
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { connection in
                let write = Operation.putRecords(.with { $0.records = [member("K1", "Lò Văn Khóa")] })
                await #expect { _ = try await connection.call(write) } throws: {
                    ($0 as? WireError)?.code == .invalidArgument && "\($0)".contains("idempotency_key")
                }
                await #expect { _ = try await connection.call(write, idempotencyKey: Data([1, 2, 3])) } throws: {
                    ($0 as? WireError)?.code == .invalidArgument && "\($0)".contains("16 bytes")
                }
                // A dry run writes nothing and needs no key; reads never do.
                _ = try await connection.call(
                    .putRecords(
                        .with {
                            $0.records = [member("K1", "Lò Văn Khóa")]; $0.dryRun = true
                        }))
                #expect(try await connection.listAll(.with { $0.kind = "member" }).isEmpty)
            }
        }
    }

    @Test func theClientLibraryRetriesAWriteWhoseAnswerWasLost() async throws {
        try await withDaemon { daemon in
            // The relay passes the first request and loses its answer (server-to-client frame 1) by cutting the
            // connection; the library sends the write again on a new connection.
            let relay = try await Relay.start(to: daemon.tcp, tamper: .init(direction: .toClient, frame: 1, action: .drop))
            let written = try await ChiboConnection.with(.tcp(relay.address), key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                try await $0.put([member("R1", "Lò Văn Lại")])
            }
            await relay.close()
            #expect(relay.connections == 2)
            #expect(written.inserted == 1)
            #expect(try await journalCount(daemon, "put_records") == 1)
            #expect(try await list(daemon, "member", id: "R1").count == 1)
        }
    }

    @Test func anImportWhoseLastAnswerWasLostIsAppliedOnce() async throws {
        try await withDaemon { daemon in
            let csv =
                "id,full_name,birth_year,cell_id,from,until\n" + (1...300).map { "N\($0),Lò Văn Số \($0),1980,,," }.joined(separator: "\n")
            let records = CSVRecords(Data(csv.utf8), kind: .members)
            #expect(records.problems.isEmpty && records.records.count == 300)
            let relay = try await Relay.start(to: daemon.tcp, tamper: .init(direction: .toClient, frame: 2, action: .drop))
            let result = try await ChiboConnection.with(.tcp(relay.address), key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                connection in
                _ = try await connection.status()  // answer 1 passes; the import's answer (frame 2) is lost
                return try await Importer.send(records, over: connection, dryRun: false)
            }
            await relay.close()
            #expect(relay.connections == 2)
            #expect(result.applied && result.inserted == 300)
            #expect(try await journalCount(daemon, "import_chunk 0") == 1)
            #expect(try await daemon.store().counts()["member"] == 300)
        }
    }
}

import ChiboClient
import ChiboServer
import ChiboWire
import Foundation
import Testing

/// An upper daemon in-process taking bundles of a lower daemon made here (its journal held in memory): what is
/// applied, what is refused, and that a refusal leaves nothing behind.
@Suite(.timeLimit(.minutes(1))) struct UpstreamApplyTests {
    /// A lower daemon's journal, grown request by request, cut into bundles at will.
    struct LowerJournal {
        let daemon = SigningKey.generate()
        let admin = SigningKey.generate()
        var entries: [Chibo_V1_BundleEntry] = []

        mutating func write(_ records: [Chibo_V1_Record]) {
            let envelope = Chibo_V1_Envelope.signing(
                Chibo_V1_Request.with {
                    $0.requestID = Data(Sodium.randomBytes(16))
                    $0.operation = .putRecords(.with { $0.records = records })
                }, with: admin, context: .request)
            entries += Chibo_V1_BundleEntry.chained(
                [envelope], firstSeq: UInt64(entries.count + 1), previousHash: entries.last?.hash ?? Self.genesis, atMs: 1_767_225_600_000)
        }

        func bundle(_ seqs: ClosedRange<Int>, unit: String = "P.A") -> Chibo_V1_Bundle {
            Chibo_V1_Bundle.make(
                entries: Array(entries[seqs.lowerBound - 1...seqs.upperBound - 1]),
                previousChainHead: seqs.lowerBound == 1 ? Self.genesis : entries[seqs.lowerBound - 2].hash, unitID: unit,
                journalHeadSeq: UInt64(entries.count),
                keys: [
                    .with {
                        $0.publicKey = Data(admin.publicKey.bytes); $0.role = .admin; $0.name = "Văn phòng huyện ủy A"
                    }
                ],
                daemonKey: daemon, now: 1_767_225_600_000)
        }

        static let genesis = Data(repeating: 0, count: 32)
    }

    static func unit(_ id: String, _ parent: String, level: String) -> Chibo_V1_Record {
        .with {
            $0.unit = .with {
                $0.id = id; $0.parentID = parent; $0.name = "Đảng bộ \(id)"; $0.level = level; $0.activeFrom = "2020-01-01"
            }
        }
    }

    static func member(_ id: String) -> Chibo_V1_Record {
        .with {
            $0.member = .with {
                $0.id = id; $0.fullName = "Lò Văn \(id)"
            }
        }
    }

    /// The province P with districts P.A and P.B, the lower daemon enrolled as the reporter of P.A, and its
    /// journal: its top unit, a commune, two members.
    func withProvince(_ body: @Sendable (LiveServer, ChiboConnection, LowerJournal) async throws -> Void) async throws {
        var lower = LowerJournal()
        lower.write([Self.unit("P.A", "", level: "district")])
        lower.write([Self.unit("P.A.X1", "P.A", level: "grassroots")])
        lower.write([Self.member("M1")])
        lower.write([Self.member("M2")])
        let journal = lower
        try await LiveServer.run { server in
            try await server.connect { connection in
                _ = try await connection.put([
                    Self.unit("P", "", level: "province"), Self.unit("P.A", "P", level: "district"),
                    Self.unit("P.B", "P", level: "district"),
                ])
                _ = try await connection.enrol(
                    .with {
                        $0.publicKey = Data(journal.daemon.publicKey.bytes); $0.role = .reporter; $0.name = "Huyện A"; $0.scopeUnit = "P.A"
                    })
                try await body(server, connection, journal)
            }
        }
    }

    func refusal(_ connection: ChiboConnection, _ bundle: Chibo_V1_Bundle) async -> WireError? {
        do {
            _ = try await connection.upstreamApply(bundle)
            return nil
        } catch let error as WireError {
            return error
        } catch {
            return WireError(.internal, "\(error)")
        }
    }

    func count(_ connection: ChiboConnection, _ kind: String) async throws -> Int {
        try await connection.listAll(.with { $0.kind = kind }).count
    }

    @Test func aBundleIsAppliedOnceAndItsTopUnitKeepsItsPlace() async throws {
        try await withProvince { _, connection, lower in
            let first = try await connection.upstreamApply(lower.bundle(1...4))
            #expect(first.acceptedEntries == 4 && first.acceptedSeq == 4)
            // P.A came up with no parent; it is the same unit as the province's own P.A, which stays under P.
            #expect(first.unchanged == 1 && first.inserted == 3)
            let units = try await connection.listAll(
                .with {
                    $0.kind = "unit"; $0.id = "P.A"
                })
            #expect(units.first?.unit.parentID == "P")
            let again = try await connection.upstreamApply(lower.bundle(1...4))
            #expect(again.acceptedEntries == 0 && again.inserted == 0 && again.acceptedSeq == 4)
            let members = try await count(connection, "member")
            #expect(members == 2)
            let status = try await connection.upstreamStatus()
            #expect(status.count == 1 && status.first?.acceptedSeq == 4 && status.first?.unitID == "P.A")
        }
    }

    @Test func anOverlappingBundleAppliesOnlyWhatIsNew() async throws {
        try await withProvince { _, connection, lower in
            _ = try await connection.upstreamApply(lower.bundle(1...2))
            let overlap = try await connection.upstreamApply(lower.bundle(1...4))
            #expect(overlap.acceptedEntries == 2 && overlap.inserted == 2 && overlap.acceptedSeq == 4)
        }
    }

    @Test func aGapIsRefusedNamingTheMissingEntries() async throws {
        try await withProvince { _, connection, lower in
            _ = try await connection.upstreamApply(lower.bundle(1...1))
            let error = await refusal(connection, lower.bundle(4...4))
            #expect(error?.code == .failedPrecondition && error?.reason == "gap")
            #expect(error?.message.contains("entries 2–3") == true)
            let members = try await count(connection, "member")
            #expect(members == 0)
        }
    }

    @Test func aRewrittenHistoryIsAForkRefusedAndRecorded() async throws {
        try await withProvince { _, connection, lower in
            _ = try await connection.upstreamApply(lower.bundle(1...3))
            // The district "restores" after entry 2 and writes another third entry, then a fourth.
            var rewritten = lower
            rewritten.entries.removeLast(2)
            rewritten.write([Self.member("M9")])
            rewritten.write([Self.member("M10")])
            let overlapping = await refusal(connection, rewritten.bundle(3...4))
            #expect(overlapping?.code == .conflict && overlapping?.reason == "fork")
            #expect(overlapping?.message.contains("entry 3 differs") == true)
            let following = await refusal(connection, rewritten.bundle(4...4))
            #expect(following?.reason == "fork")
            #expect(following?.message.contains("does not follow entry 3") == true)
            let members = try await count(connection, "member")
            #expect(members == 1)
            let status = try await connection.upstreamStatus()
            #expect(status.first?.forkSeq == 4 && status.first?.acceptedSeq == 3)
            #expect(status.first?.forkProblem.contains("rewritten") == true)
        }
    }

    @Test func aRecordOutsideTheReportersSubtreeIsRefused() async throws {
        try await withProvince { _, connection, lower in
            var lower = lower
            // A commune under the other district, in a bundle whose manifest names the right unit.
            lower.write([Self.member("M3"), Self.unit("P.B.X7", "P.B", level: "grassroots")])
            let error = await refusal(connection, lower.bundle(1...5))
            #expect(error?.code == .forbidden && error?.reason == "out_of_scope")
            #expect(error?.message.hasPrefix("entry 5, record 2 lies outside P.A") == true)
            let members = try await count(connection, "member")
            let status = try await connection.upstreamStatus()
            #expect(members == 0 && status.isEmpty)
            let manifest = await refusal(connection, lower.bundle(1...4, unit: "P.B"))
            #expect(manifest?.reason == "out_of_scope")
        }
    }

    @Test func aSecondFirstAdminIsRefused() async throws {
        try await withProvince { _, connection, lower in
            _ = try await connection.upstreamApply(lower.bundle(1...4))
            // The daemon key vouches for a new "first admin" that signs the next entry.
            let impostor = SigningKey.generate()
            let envelope = Chibo_V1_Envelope.signing(
                Chibo_V1_Request.with {
                    $0.requestID = Data(Sodium.randomBytes(16))
                    $0.operation = .putRecords(.with { $0.records = [Self.member("M8")] })
                }, with: impostor, context: .request)
            let entries = Chibo_V1_BundleEntry.chained([envelope], firstSeq: 5, previousHash: lower.entries[3].hash)
            let bundle = Chibo_V1_Bundle.make(
                entries: entries, previousChainHead: lower.entries[3].hash, unitID: "P.A", journalHeadSeq: 5,
                keys: [
                    .with {
                        $0.publicKey = Data(impostor.publicKey.bytes); $0.role = .admin; $0.name = "Quản trị mới"
                    }
                ],
                daemonKey: lower.daemon, now: 0)
            let error = await refusal(connection, bundle)
            #expect(error?.code == .conflict && error?.message.contains("first admin") == true, "\(String(describing: error))")
            let members = try await count(connection, "member")
            #expect(members == 2)
        }
    }

    @Test func aBundleOfAnUnenrolledDaemonIsRefused() async throws {
        try await withProvince { _, connection, _ in
            // A sound bundle for P.A, made by a daemon whose key is not the one enrolled for it.
            var stranger = LowerJournal()
            stranger.write([Self.member("M1")])
            let error = await refusal(connection, stranger.bundle(1...1))
            #expect(error?.code == .forbidden && error?.reason == "unenrolled_reporter")
            let members = try await count(connection, "member")
            #expect(members == 0)
        }
    }

    @Test func aChangedBundleIsRefusedByTheDaemonItself() async throws {
        try await withProvince { _, connection, lower in
            var bundle = lower.bundle(1...4)
            bundle.entries[3].atMs += 1
            let error = await refusal(connection, bundle)
            #expect(error?.code == .invalidArgument && error?.reason == "bad_bundle")
            let members = try await count(connection, "member")
            #expect(members == 0)
        }
    }

    /// A real daemon's journal, an import in three chunks included (its staged chunks are journalled under the
    /// last chunk's request id), exported, checked and applied at another.
    @Test func aDaemonsOwnExportChecksAndAppliesIncludingAChunkedImport() async throws {
        let bundle = try await LiveServer.run { lower in
            try await lower.connect { connection in
                _ = try await connection.put([Self.unit("P.A", "", level: "district")])
                let importID = Data(Sodium.randomBytes(16))
                for chunk in 0..<3 {
                    _ = try await connection.importChunk(
                        .with {
                            $0.importID = importID; $0.chunkIndex = UInt32(chunk); $0.last = chunk == 2
                            $0.records = (0..<4).map { Self.member("C\(chunk)-\($0)") }
                        })
                }
                let export = try await connection.upstreamExport(fromSeq: 1)
                #expect(export.bundle.entries.map(\.operation) == ["put_records", "import_chunk 0", "import_chunk 1", "import_chunk 2"])
                _ = try export.bundle.check(trust: lower.daemonKey)
                return export.bundle
            }
        }
        let daemonKey = try Chibo_V1_BundleManifest(serializedBytes: bundle.manifest).daemonPublicKey
        try await LiveServer.run { upper in
            try await upper.connect { connection in
                _ = try await connection.put([Self.unit("P", "", level: "province"), Self.unit("P.A", "P", level: "district")])
                _ = try await connection.enrol(
                    .with {
                        $0.publicKey = daemonKey; $0.role = .reporter; $0.name = "Huyện A"; $0.scopeUnit = "P.A"
                    })
                let applied = try await connection.upstreamApply(bundle)
                #expect(applied.acceptedEntries == 4 && applied.inserted == 12)
                // A staged chunk's request id is covered by the manifest all the same.
                var changed = bundle
                changed.entries[1].requestID = Data(Sodium.randomBytes(16))
                let error = await refusal(connection, changed)
                #expect(error?.reason == "bad_bundle" && error?.message.contains("request ids") == true)
            }
        }
    }

    @Test func theReporterKeyMaySendItsBundlesAndNothingElse() async throws {
        try await withProvince { server, _, lower in
            try await server.connect(key: lower.daemon) { reporter in
                let applied = try await reporter.upstreamApply(lower.bundle(1...2))
                #expect(applied.acceptedSeq == 2)
                #expect(try await reporter.upstreamStatus().count == 1)
                await #expect(throws: WireError.self) { try await reporter.listAll(.with { $0.kind = "member" }) }
                await #expect(throws: WireError.self) { try await reporter.put([Self.member("M5")]) }
            }
        }
    }
}

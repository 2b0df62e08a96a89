import ChiboClient
import ChiboStore
import ChiboWire
import Foundation
import GRDB
import Testing

/// The journal read back: re-verified through the daemon and offline, one record's history, and who may read it.
@Suite(.timeLimit(.minutes(2))) struct AuditTests {
    /// Copies a stopped daemon's data directory, so a test can damage the copy.
    func copyData(_ daemon: TestDaemon, to name: String) throws -> String {
        let copy = daemon.root.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: daemon.data, toPath: copy)
        chmod(copy, 0o700)
        return copy
    }

    @Test func verifyPassesThenNamesTheEntryWhoseByteWasChanged() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let verified = try await daemon.chibo(["audit", "verify", "--format", "json"])
            #expect(verified.status == 0, "\(verified.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: String]
            #expect(report?["ok"] == "ok")
            let entries = Int(report?["entries"] ?? "") ?? 0
            #expect(entries >= 5)
            #expect(report?["keys"] == "1")
            #expect(report?["chain_head"]?.count == 64)

            #expect(try await daemon.stop() == 0)
            let data = try copyData(daemon, to: "tampered")
            let database = data + "/chibo.sqlite"
            let offline = try await Subprocess.run(
                Binaries.chibod, ["audit", "verify", "--db", daemon.data + "/chibo.sqlite"], directory: daemon.root)
            #expect(offline.status == 0 && offline.stdout.contains("entries:    \(entries)"), "\(offline.stdout)\(offline.stderr)")

            // One byte of entry 3's envelope changed, in the copy.
            let queue = try DatabaseQueue(path: database)
            try await queue.write { db in
                var envelope = try Data.fetchOne(db, sql: "SELECT envelope FROM journal WHERE seq = 3")!
                envelope[envelope.count / 2] ^= 0x01
                try db.execute(sql: "UPDATE journal SET envelope = ? WHERE seq = 3", arguments: [envelope])
            }
            try queue.close()
            let broken = try await Subprocess.run(Binaries.chibod, ["audit", "verify", "--db", database], directory: daemon.root)
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("journal entry 3 breaks the hash chain"), "\(broken.stderr)")

            // A daemon started on the damaged copy says the same through `chibo audit verify`.
            let copyDaemon = try await Subprocess.startDaemon(data: data)
            defer { copyDaemon.terminate() }
            let online = try await daemon.chibo(["audit", "verify", "--socket", data + "/chibod.sock"])
            #expect(online.status == 1)
            #expect(online.stderr.contains("journal entry 3 breaks the hash chain"), "\(online.stderr)")
            await daemon.stop(copyDaemon)
        }
    }

    @Test func aRewrittenChainStillFailsOnTheSignature() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            #expect(try await daemon.stop() == 0)
            let database = try copyData(daemon, to: "forged") + "/chibo.sqlite"
            // Someone with the file changes an envelope and recomputes every hash after it: the chain holds,
            // the signature does not.
            let queue = try DatabaseQueue(path: database)
            try await queue.write { db in
                let rows = try Row.fetchAll(db, sql: "SELECT seq, envelope FROM journal ORDER BY seq")
                var previous = JournalEntry.genesis
                for row in rows {
                    let seq: Int64 = row["seq"]
                    var envelope: Data = row["envelope"]
                    if seq == 2 { envelope[envelope.count / 2] ^= 0x01 }
                    let hash = Data(Sodium.sha256(previous + envelope))
                    try db.execute(
                        sql: "UPDATE journal SET envelope = ?, previousHash = ?, hash = ? WHERE seq = ?",
                        arguments: [envelope, previous, hash, seq])
                    previous = hash
                }
            }
            try queue.close()
            let forged = try await Subprocess.run(Binaries.chibod, ["audit", "verify", "--db", database], directory: daemon.root)
            #expect(forged.status == 1)
            #expect(forged.stderr.contains("journal entry 2"), "\(forged.stderr)")
            #expect(forged.stderr.contains("signature") || forged.stderr.contains("does not hold"), "\(forged.stderr)")
        }
    }

    @Test func showListsARecordsChangesWithTheirSigners() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            #expect(try await daemon.chibo(["end", "memberships", "member_id=M2", "cell_id=HB.LS.CY.T01", "until=31/05/2026"]).status == 0)
            let shown = try await daemon.chibo(["audit", "show", "member", "M2", "--format", "json"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let changes = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: String]] ?? []
            // Days in the details are ISO whatever form the request carried (the import file said 01/03/2018).
            #expect(
                changes.map { $0["detail"] ?? "" } == [
                    "member", "membership HB.LS.CY.T01 from 2018-03-01", "end membership until 2026-05-31",
                ])
            #expect(changes.allSatisfy { $0["key_name"] == "Quản trị viên" && $0["key_id"] == daemon.adminKey.id.hex })
            #expect(changes.last?["operation"] == "end_record")
            let table = try await daemon.chibo(["audit", "show", "member", "M2"])
            #expect(table.stdout.contains("Người giữ khóa") && table.stdout.contains("Quản trị viên"))
            let unknownKind = try await daemon.chibo(["audit", "show", "planet", "X"])
            #expect(unknownKind.status == 1 && unknownKind.stderr.contains("invalid_argument"))
        }
    }

    @Test func onlyAdminsAndAuditorsWithoutScopeReadTheJournal() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            var keys: [String: String] = [:]
            for (name, arguments) in [
                ("auditor", ["--role", "auditor"]), ("clerk", ["--role", "clerk"]),
                ("scoped", ["--role", "admin", "--scope", "HB.LS"]),
            ] {
                let path = daemon.root.appendingPathComponent("\(name).key").path
                #expect(try await daemon.chibo(["key", "new", "--out", path, "--name", name]).status == 0)
                let enrolled = try await daemon.chibo(["key", "enrol", path + ".pub", "--name", name] + arguments)
                #expect(enrolled.status == 0, "\(enrolled.stderr)")
                keys[name] = path
            }
            #expect(try await daemon.chibo(["audit", "verify"], key: keys["auditor"]).status == 0)
            let clerk = try await daemon.chibo(["audit", "verify"], key: keys["clerk"])
            #expect(clerk.status == 1 && clerk.stderr.contains("forbidden"))
            let scoped = try await daemon.chibo(["audit", "show", "member", "M1"], key: keys["scoped"])
            #expect(scoped.status == 1 && scoped.stderr.contains("forbidden"))
            // An auditor writes nothing.
            let write = try await daemon.chibo(["add", "members", "id=AU1", "full_name=Lò Văn Xem"], key: keys["auditor"])
            #expect(write.status == 1 && write.stderr.contains("forbidden"))
            // The scope is kept and listed; an unknown unit is refused.
            let listed = try await daemon.chibo(["key", "list", "--format", "json"])
            #expect(listed.stdout.contains("\"scope_unit\" : \"HB.LS\""))
            let nowhere = daemon.root.appendingPathComponent("nowhere.key").path
            #expect(try await daemon.chibo(["key", "new", "--out", nowhere, "--name", "x"]).status == 0)
            let refused = try await daemon.chibo(["key", "enrol", nowhere + ".pub", "--name", "x", "--role", "clerk", "--scope", "NOPE"])
            #expect(refused.status == 1 && refused.stderr.contains("scope unit NOPE does not exist"))
        }
    }
}

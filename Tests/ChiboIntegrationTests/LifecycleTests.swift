import ChiboClient
import ChiboStore
import ChiboWire
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.timeLimit(.minutes(2))) struct LifecycleTests {
    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func dataDirectoryAndSecretsArePrivate() async throws {
        try await withDaemon { daemon in
            #expect(mode(daemon.data) == 0o700)
            #expect(mode(daemon.data + "/daemon.key") == 0o600)
            #expect(mode(daemon.socket) == 0o600)
            #expect(mode(daemon.adminKeyPath) == 0o600)
            // The daemon's secret key never reaches its log.
            let secret = try String(contentsOfFile: daemon.data + "/daemon.key", encoding: .utf8)
                .split(separator: " ")[1].trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await daemon.statusWorks()
            #expect(!daemon.logText.contains(secret))
        }
    }

    @Test func sigtermStopsCleanlyAndRemovesTheSocket() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.remove() }
        _ = try await daemon.statusWorks()
        #expect(try await daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        #expect(daemon.logText.contains("chibod stopped"))
    }

    @Test func requestsInFlightAreAnsweredDuringShutdown() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.remove() }
        try await FrameConnection.with(daemon.unix) { frames in
            let client = try await RawClient.handshake(frames, key: daemon.adminKey)
            // Several requests written back to back in one burst; the first answer shows the burst has reached
            // the daemon; SIGTERM then arrives while the rest are received but unanswered (or unread by us).
            var burst = ByteBuffer()
            for sequence in 1...5 {
                var frame = client.request(sequence: UInt64(sequence)).frame()
                burst.writeBuffer(&frame)
            }
            try await frames.send(burst)
            #expect(try await client.errorCode() == nil)
            daemon.process.terminate()
            for _ in 2...5 { #expect(try await client.errorCode() == nil) }
            #expect(await client.closed())
        }
        #expect(try await daemon.stop() == 0)
    }

    @Test func secondDaemonOnTheSameDirectoryIsRefused() async throws {
        try await withDaemon { daemon in
            let second = try await Subprocess.run(Binaries.chibod, ["run", "--data", daemon.data], directory: daemon.root)
            #expect(second.status != 0)
            #expect(second.stderr.contains("already serving this data directory"))
            _ = try await daemon.statusWorks()
        }
    }

    @Test func staleSocketFromACrashIsReplaced() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.remove() }
        kill(daemon.process.processIdentifier, SIGKILL)
        for _ in 0..<100 where daemon.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(FileManager.default.fileExists(atPath: daemon.socket))  // left behind by the crash
        let restarted = try await daemon.startAgain()
        defer { restarted.terminate() }
        _ = try await daemon.statusWorks()
    }

    @Test func initRefusesAnExistingDirectoryAndLeavesItUntouched() async throws {
        try await withDaemon { daemon in
            let before = try Data(contentsOf: URL(fileURLWithPath: daemon.data + "/daemon.key"))
            let again = try await Subprocess.run(
                Binaries.chibod, ["init", "--data", daemon.data, "--admin-key", daemon.adminKeyPath + ".pub"],
                directory: daemon.root)
            #expect(again.status != 0)
            #expect(again.stderr.contains("already exists"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: daemon.data + "/daemon.key")) == before)
        }
    }

    @Test func initWithABadAdminKeyLeavesNothingBehind() async throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chibo-init-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let bad = root.appendingPathComponent("bad.pub")
        try "chibo-ed25519 not-a-key\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try await Subprocess.run(
            Binaries.chibod, ["init", "--data", root.appendingPathComponent("data").path, "--admin-key", bad.path],
            directory: root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("is neither a chibo public key file nor a public key"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["bad.pub"])
    }

    @Test func runRefusesADirectoryOthersCanRead() async throws {
        try await withDaemon { daemon in
            try await daemon.stop()
            chmod(daemon.data, 0o755)
            let result = try await Subprocess.run(Binaries.chibod, ["run", "--data", daemon.data], directory: daemon.root)
            #expect(result.status != 0)
            #expect(result.stderr.contains("readable by others"))
        }
    }

    @Test func writesAreJournalledWithTheirSignedEnvelopes() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.remove() }
        let clerk = SigningKey.generate()
        try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
            _ = try await $0.enrol(
                .with {
                    $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Hà"
                })
            _ = try await $0.revoke(clerk.id)
        }
        try await daemon.stop()
        let store = try ChiboStore.Store.open(at: daemon.data + "/chibo.sqlite", hash: { Data(Sodium.sha256($0)) })
        #expect(try await store.verifyJournal() == 2)
        let entries = try await store.journal()
        #expect(entries.map(\.operation) == ["enrol_key", "revoke_key"])
        for entry in entries {
            let envelope = try Chibo_V1_Envelope(serializedBytes: entry.envelope)
            #expect(envelope.signerID == daemon.adminKey.id)
            #expect(envelope.verify(with: daemon.adminKey.publicKey, context: .request))
        }
    }
}

import ChiboClient
import ChiboWire
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct DaemonKeyRotationTests {
    @Test func clientsFollowARotationSignedByThePinnedKey() async throws {
        let daemon = try await TestDaemon.start()
        defer { daemon.remove() }
        #expect(try await daemon.chibo(["status"]).status == 0)  // pins the first key

        let whileRunning = try await Subprocess.run(Binaries.chibod, ["rotate-key", "--data", daemon.data], directory: daemon.root)
        #expect(whileRunning.status != 0)
        #expect(whileRunning.stderr.contains("already serving"))

        try await daemon.stop()
        let rotated = try await Subprocess.run(Binaries.chibod, ["rotate-key", "--data", daemon.data], directory: daemon.root)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let newKey = try KeyFile.readSecret(at: daemon.data + "/daemon.key").id
        #expect(newKey != daemon.daemonKeyID)
        #expect(rotated.stdout == "daemon key rotated: \(daemon.daemonKeyID) -> \(newKey)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: daemon.data + "/daemon.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let restarted = try await daemon.startAgain()
        defer { restarted.terminate() }

        let followed = try await daemon.chibo(["status", "--format", "json"])
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.stdout.contains("\"daemon_key_id\" : \"\(newKey)\""))
        #expect(followed.stderr.contains("rotated its key from \(daemon.daemonKeyID) to \(newKey)"))
        let pins = try String(contentsOfFile: daemon.configHome + "/chibo/known_daemons", encoding: .utf8)
        #expect(pins == "unix:\(daemon.socket) \(newKey)\n")

        // A client told to expect the old key exactly is still refused.
        let strict = try await daemon.chibo(["status", "--daemon-key", daemon.daemonKeyID.hex])
        #expect(strict.status == 3)
        // And a pin that is not in the chain is refused as before.
        try "unix:\(daemon.socket) \(SigningKey.generate().id)\n"
            .write(toFile: daemon.configHome + "/chibo/known_daemons", atomically: true, encoding: .utf8)
        #expect(try await daemon.chibo(["status"]).status == 3)
    }
}

import ChiboClient
import ChiboWire
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct CLITests {
    @Test func statusOverUnixSocketAndTCP() async throws {
        try await withDaemon { daemon in
            let unix = try await daemon.chibo(["status"])
            #expect(unix.status == 0, "\(unix.stderr)")
            #expect(unix.stdout.contains("Khóa của daemon:     \(daemon.daemonKeyID)"))
            #expect(unix.stdout.contains("Vai trò:             quản trị"))
            #expect(unix.stdout.contains("Phiên bản giao thức: 1.4"))

            let tcp = try await daemon.chibo(["status", "--connect", daemon.tcp.description, "--lang", "en"])
            #expect(tcp.status == 0, "\(tcp.stderr)")
            #expect(tcp.stdout.contains("Daemon key:       \(daemon.daemonKeyID)"))
            #expect(tcp.stdout.contains("Role:             admin"))
            #expect(tcp.stdout.contains("Transport:        encrypted (x25519-chacha20poly1305)"))
            #expect(unix.stdout.contains("Kênh truyền:         không mã hóa"))

            let json = try await daemon.chibo(["status", "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
            #expect(object?["daemon_key_id"] == daemon.daemonKeyID.hex)
            #expect(object?["caller_role"] == "admin")
            #expect(object?["caller_name"] == "Quản trị viên")
        }
    }

    @Test func firstContactPinsTheDaemonKeyAndAChangeIsRefused() async throws {
        try await withDaemon { daemon in
            #expect(try await daemon.chibo(["status"]).status == 0)
            let known = daemon.configHome + "/chibo/known_daemons"
            let pinned = try String(contentsOfFile: known, encoding: .utf8)
            #expect(pinned == "unix:\(daemon.socket) \(daemon.daemonKeyID)\n")

            let impostor = SigningKey.generate().id
            try "unix:\(daemon.socket) \(impostor)\n".write(toFile: known, atomically: true, encoding: .utf8)
            let refused = try await daemon.chibo(["status"])
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("THE DAEMON KEY HAS CHANGED"))
            #expect(refused.stdout.isEmpty)

            let wrongFlag = try await daemon.chibo(["status", "--daemon-key", impostor.hex])
            #expect(wrongFlag.status == 3)
            let rightFlag = try await daemon.chibo(["status", "--daemon-key", daemon.daemonKeyID.hex])
            #expect(rightFlag.status == 0)
        }
    }

    @Test func adminEnrolsAClerkWhoCanConnectButNotManageKeys() async throws {
        try await withDaemon { daemon in
            let clerkKey = daemon.root.appendingPathComponent("clerk.key").path
            #expect(try await daemon.chibo(["key", "new", "--out", clerkKey, "--name", "Trần Thị Bình"]).status == 0)
            let clerkID = try await daemon.chibo(["key", "show", "--key", clerkKey]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)

            let enrolled = try await daemon.chibo(
                ["key", "enrol", clerkKey + ".pub", "--role", "clerk", "--name", "Trần Thị Bình", "--format", "json"])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            #expect(enrolled.stdout.contains("\"key_id\" : \"\(clerkID)\""))

            let status = try await daemon.chibo(["status", "--format", "json"], key: clerkKey)
            #expect(status.stdout.contains("\"caller_role\" : \"clerk\""))

            let forbidden = try await daemon.chibo(
                ["key", "enrol", clerkKey + ".pub", "--role", "admin", "--name", "x"], key: clerkKey)
            #expect(forbidden.status == 1)
            #expect(forbidden.stderr.contains("error [forbidden]"))

            let list = try await daemon.chibo(["key", "list", "--format", "csv"])
            #expect(list.stdout.split(separator: "\r\n").count == 3)  // header, admin, clerk
            #expect(list.stdout.contains("\(clerkID),Trần Thị Bình,clerk,active"))
        }
    }

    @Test func enrollingTheSameKeyTwiceIsAConflictAndChangesNothing() async throws {
        try await withDaemon { daemon in
            let key = daemon.root.appendingPathComponent("k.key").path
            _ = try await daemon.chibo(["key", "new", "--out", key])
            #expect(try await daemon.chibo(["key", "enrol", key + ".pub", "--role", "viewer", "--name", "A"]).status == 0)
            let again = try await daemon.chibo(["key", "enrol", key + ".pub", "--role", "admin", "--name", "B"])
            #expect(again.status == 1)
            #expect(again.stderr.contains("error [conflict]"))
            let list = try await daemon.chibo(["key", "list", "--format", "csv"])
            #expect(list.stdout.contains(",A,viewer,active"))
            #expect(!list.stdout.contains(",B,"))
        }
    }

    @Test func revokedKeyIsRefusedAndTheRecordKept() async throws {
        try await withDaemon { daemon in
            let key = daemon.root.appendingPathComponent("v.key").path
            _ = try await daemon.chibo(["key", "new", "--out", key])
            _ = try await daemon.chibo(["key", "enrol", key + ".pub", "--role", "viewer", "--name", "Lê Văn Cường"])
            let id = try KeyFile.readSecret(at: key).id
            #expect(try await daemon.chibo(["status"], key: key).status == 0)
            let revoked = try await daemon.chibo(["key", "revoke", id.hex, "--lang", "en"])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            #expect(revoked.stdout.contains("revoked"))
            let refused = try await daemon.chibo(["status"], key: key)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("error [authentication_failed]"))
            let all = try await daemon.chibo(["key", "list", "--all", "--format", "csv"])
            #expect(all.stdout.contains("\(id.hex),Lê Văn Cường,viewer,revoked"))
            let active = try await daemon.chibo(["key", "list", "--format", "csv"])
            #expect(!active.stdout.contains(id.hex))
        }
    }

    @Test func theLastAdminCannotBeRevoked() async throws {
        try await withDaemon { daemon in
            let refused = try await daemon.chibo(["key", "revoke", daemon.adminKey.id.hex])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("last active admin"))
            #expect(try await daemon.chibo(["status"]).status == 0)
        }
    }

    @Test func keyValidityDatesAreEnforced() async throws {
        try await withDaemon { daemon in
            let key = daemon.root.appendingPathComponent("f.key").path
            _ = try await daemon.chibo(["key", "new", "--out", key])
            let future = try await daemon.chibo(
                ["key", "enrol", key + ".pub", "--role", "clerk", "--name", "Tương lai", "--valid-from", "01/01/2099"])
            #expect(future.status == 0, "\(future.stderr)")
            #expect(try await daemon.chibo(["status"], key: key).status == 1)

            let badRange = try await daemon.chibo(
                [
                    "key", "enrol", key + ".pub", "--role", "clerk", "--name", "x", "--valid-from", "02/01/2026",
                    "--valid-until", "01/01/2026",
                ])
            #expect(badRange.status == 1)
            let impossible = try await daemon.chibo(
                ["key", "enrol", key + ".pub", "--role", "clerk", "--name", "x", "--valid-from", "31/02/2026"])
            #expect(impossible.status == 64)
            #expect(impossible.stderr.contains("31/02/2026 is not a date"))
            let list = try await daemon.chibo(["key", "list", "--format", "csv"])
            #expect(list.stdout.split(separator: "\r\n").count == 3)  // header, admin, the future key only
        }
    }

    @Test func unreachableDaemonIsExitFourAndMissingKeyIsExitOne() async throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chibo-unreach-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("k").path
        _ = try await Subprocess.run(Binaries.chibo, ["key", "new", "--out", key], directory: dir)
        let unreachable = try await Subprocess.run(
            Binaries.chibo, ["status", "--socket", dir.appendingPathComponent("none.sock").path, "--key", key],
            directory: dir)
        #expect(unreachable.status == 4)
        #expect(unreachable.stderr.contains("chibo: error [cannot_connect]"))
        let noKey = try await Subprocess.run(
            Binaries.chibo, ["status", "--socket", "/tmp/x.sock", "--key", dir.appendingPathComponent("absent").path],
            directory: dir)
        #expect(noKey.status == 1)
        #expect(noKey.stderr.contains("make one with `chibo key new`"))
    }

    @Test func keyNewRefusesToOverwriteAndWritesPrivateFiles() async throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chibo-key-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mine").path
        #expect(try await Subprocess.run(Binaries.chibo, ["key", "new", "--out", path], directory: dir).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let again = try await Subprocess.run(Binaries.chibo, ["key", "new", "--out", path], directory: dir)
        #expect(again.status != 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    }

    /// Foundation's `NSString.deletingLastPathComponent` traps on a one-letter relative name on Linux.
    @Test func keyNewTakesAOneLetterNameInTheCurrentDirectory() async throws {
        let dir = try TemporaryDirectory(prefix: "chibo-key-")
        defer { dir.remove() }
        let made = try await Subprocess.run(Binaries.chibo, ["key", "new", "--out", "K"], directory: dir.url)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("secret key: K\n"))
        let key = try KeyFile.readSecret(at: dir.path + "/K")
        #expect(try KeyFile.readPublic(at: dir.path + "/K.pub").key == key.publicKey)
    }
}

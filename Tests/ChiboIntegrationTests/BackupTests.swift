import ChiboClient
import ChiboWire
import Foundation
import GRDB
import Synchronization
import Testing

/// An online backup taken while clerks write, restored into a new directory with the same daemon key.
@Suite(.timeLimit(.minutes(3))) struct BackupTests {
    final class Acknowledged: Sendable {
        let writes = Mutex<[(id: String, at: ContinuousClock.Instant)]>([])
        let stop = Mutex(false)
    }

    @Test func backupDuringWritesRestoresEverythingAcknowledgedBeforeIt() async throws {
        try await withDaemon { daemon in
            // Pin the daemon's key for its TCP endpoint, as a clerk's machine would have.
            #expect(try await daemon.chibo(["status", "--connect", daemon.tcp.description]).status == 0)
            let acknowledged = Acknowledged()
            let backup = daemon.root.appendingPathComponent("backup.sqlite").path
            let backupStarted = try await withThrowingTaskGroup(of: ContinuousClock.Instant?.self) { group in
                for writer in 0..<3 {
                    group.addTask {
                        try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                            var n = 0
                            while !acknowledged.stop.withLock({ $0 }) {
                                let id = "W\(writer)-\(n)"
                                _ = try await c.put([
                                    .with {
                                        $0.member = .with {
                                            $0.id = id; $0.fullName = "Lò Văn Ghi \(n)"
                                        }
                                    }
                                ])
                                acknowledged.writes.withLock { $0.append((id, ContinuousClock.now)) }
                                n += 1
                            }
                        }
                        return nil
                    }
                }
                // Some writes acknowledged before the backup begins, however loaded the machine is.
                for _ in 0..<600 where acknowledged.writes.withLock({ $0.count }) < 30 {
                    try await Task.sleep(for: .milliseconds(50))
                }
                let started = ContinuousClock.now
                let result = try await daemon.chibo(["backup", "--out", backup])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.contains("đã sao lưu"))
                try await Task.sleep(for: .milliseconds(300))
                acknowledged.stop.withLock { $0 = true }
                var first: ContinuousClock.Instant?
                for try await value in group { first = first ?? value }
                return started
            }
            let before = acknowledged.writes.withLock { $0 }.filter { $0.at < backupStarted }.map(\.id)
            #expect(before.count > 10)
            var info = stat()
            #expect(stat(backup, &info) == 0 && info.st_mode & 0o777 == 0o600)
            #expect(!FileManager.default.fileExists(atPath: backup + ".partial"))
            // The daemon's snapshot is gone once read.
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: daemon.data + "/backups")) ?? []).isEmpty)

            let audit = try await Subprocess.run(Binaries.chibod, ["audit", "verify", "--db", backup], directory: daemon.root)
            #expect(audit.status == 0 && audit.stdout.contains("ok"), "\(audit.stdout)\(audit.stderr)")

            #expect(try await daemon.stop() == 0)
            let restoredData = daemon.root.appendingPathComponent("restored").path
            let restored = try await Subprocess.run(
                Binaries.chibod, ["restore", "--from", backup, "--data", restoredData, "--daemon-key", daemon.data + "/daemon.key"],
                directory: daemon.root)
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(restored.stdout.contains("daemon key id: \(daemon.daemonKeyID)"))
            #expect(stat(restoredData + "/daemon.key", &info) == 0 && info.st_mode & 0o777 == 0o600)
            let again = try await Subprocess.run(
                Binaries.chibod, ["restore", "--from", backup, "--data", restoredData, "--daemon-key", daemon.data + "/daemon.key"],
                directory: daemon.root)
            #expect(again.status != 0 && again.stderr.contains("already exists"))

            // The restored daemon on the same TCP address: the pinned key holds.
            let process = try await Subprocess.startDaemon(data: restoredData, ["--listen", daemon.tcp.description])
            defer { process.terminate() }
            let status = try await daemon.chibo(["status", "--connect", daemon.tcp.description])
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.stderr.isEmpty, "\(status.stderr)")
            let members = try await ChiboConnection.with(
                .tcp(daemon.tcp), key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)
            ) {
                try await $0.listAll(
                    .with {
                        $0.kind = "member"; $0.limit = 1000
                    })
            }
            let present = Set(members.map(\.member.id))
            #expect(before.allSatisfy(present.contains), "missing: \(before.filter { !present.contains($0) })")
            await daemon.stop(process)
        }
    }

    @Test func onlyAnUnscopedAdminTakesABackup() async throws {
        try await withDaemon { daemon in
            let clerk = daemon.root.appendingPathComponent("clerk.key").path
            #expect(try await daemon.chibo(["key", "new", "--out", clerk, "--name", "clerk"]).status == 0)
            #expect(try await daemon.chibo(["key", "enrol", clerk + ".pub", "--name", "clerk", "--role", "clerk"]).status == 0)
            let out = daemon.root.appendingPathComponent("b.sqlite").path
            let refused = try await daemon.chibo(["backup", "--out", out], key: clerk)
            #expect(refused.status == 1 && refused.stderr.contains("forbidden"))
            #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".partial"))
        }
    }
}

/// Bad backup requests and bad restores are refused and change nothing.
@Suite(.timeLimit(.minutes(2))) struct BackupRefusalTests {
    @Test func anUnknownBackupOrAnOffsetPastTheEndIsRefused() async throws {
        try await withDaemon { daemon in
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                // More than one chunk of data, so the backup is still open after its first chunk.
                let filler = String(repeating: "Nguyễn Thị Bảo Ngọc ", count: 10)
                _ = try await c.put(
                    (0..<4000).map { i in
                        .with {
                            $0.member = .with {
                                $0.id = "B\(i)"; $0.fullName = "\(filler)\(i)"
                            }
                        }
                    })
                let unknown = Chibo_V1_BackupRequest.with {
                    $0.backupID = Data(Sodium.randomBytes(16)); $0.offset = 0
                }
                await #expect { _ = try await c.call(.backup(unknown)) } throws: { ($0 as? WireError)?.code == .notFound }
                guard case .backupChunk(let first)? = try await c.call(.backup(.init())).result, !first.last else {
                    Issue.record("no open backup after the first chunk"); return
                }
                let past = Chibo_V1_BackupRequest.with {
                    $0.backupID = first.backupID; $0.offset = first.totalBytes + 1
                }
                await #expect { _ = try await c.call(.backup(past)) } throws: { ($0 as? WireError)?.code == .invalidArgument }
            }
        }
    }

    @Test func aBackupWhoseJournalFailsOrAMissingFileIsNotRestored() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let backup = daemon.root.appendingPathComponent("backup.sqlite").path
            #expect(try await daemon.chibo(["backup", "--out", backup]).status == 0)
            let queue = try DatabaseQueue(path: backup)
            try await queue.write { db in
                var envelope = try Data.fetchOne(db, sql: "SELECT envelope FROM journal WHERE seq = 2")!
                envelope[envelope.count / 2] ^= 0x01
                try db.execute(sql: "UPDATE journal SET envelope = ? WHERE seq = 2", arguments: [envelope])
            }
            try queue.close()
            let target = daemon.root.appendingPathComponent("restored").path
            let key = daemon.data + "/daemon.key"
            let tampered = try await Subprocess.run(
                Binaries.chibod, ["restore", "--from", backup, "--data", target, "--daemon-key", key], directory: daemon.root)
            #expect(tampered.status != 0)
            #expect(tampered.stderr.contains("journal entry 2"), "\(tampered.stderr)")
            let missing = try await Subprocess.run(
                Binaries.chibod, ["restore", "--from", backup + ".nope", "--data", target, "--daemon-key", key], directory: daemon.root)
            #expect(missing.status != 0 && missing.stderr.contains("no backup file"), "\(missing.stderr)")
            // Nothing half-made is left behind.
            let left = try FileManager.default.contentsOfDirectory(atPath: daemon.root.path).filter { $0.hasPrefix("restored") }
            #expect(left.isEmpty, "\(left)")
        }
    }
}

import ChiboClient
import ChiboStore
import ChiboWire
import Foundation
import GRDB
import Synchronization
import Testing

/// chibod killed with SIGKILL at random moments under concurrent writers, and restarted: every acknowledged
/// write is there exactly once, the journal verifies and SQLite finds the file intact.
@Suite(.timeLimit(.minutes(3))) struct CrashTests {
    final class Writes: Sendable {
        let acknowledged = Mutex<Set<String>>([])
        let stop = Mutex(false)
    }

    @Test func killedUnderConcurrentWritersLosesAndDoublesNothing() async throws {
        try await withDaemon { daemon in
            let writes = Writes()
            let endpoint = daemon.unix
            let key = daemon.adminKey
            let daemonKey = daemon.daemonKeyID
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        var n = 0
                        while !writes.stop.withLock({ $0 }) {
                            let id = "K\(writer)-\(n)"
                            let operation = Chibo_V1_Request.OneOf_Operation.putRecords(
                                .with {
                                    $0.records = [
                                        .with {
                                            $0.member = .with {
                                                $0.id = id; $0.fullName = "Lò Văn Bền \(n)"
                                            }
                                        }
                                    ]
                                })
                            let idempotencyKey = Data(Sodium.randomBytes(16))
                            // Until acknowledged, with the same key: a write the kill cut off is either done once
                            // by the retry or answered as already done.
                            while true {
                                let done = try? await ChiboConnection.with(endpoint, key: key, trust: .expect(daemonKey)) {
                                    try await $0.call(operation, idempotencyKey: idempotencyKey)
                                }
                                if done != nil { break }
                                try await Task.sleep(for: .milliseconds(20))
                            }
                            writes.acknowledged.withLock { _ = $0.insert(id) }
                            n += 1
                        }
                    }
                }
                var process: Process? = nil
                for _ in 0..<8 {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...600)))
                    let pid = process?.processIdentifier ?? daemon.process.processIdentifier
                    kill(pid, SIGKILL)
                    for _ in 0..<200 where (process ?? daemon.process).isRunning { try await Task.sleep(for: .milliseconds(10)) }
                    process = try await daemon.startAgain()
                }
                // Writers go on after the last kill until enough writes are acknowledged; on a loaded machine
                // fewer fit between the kills, and the count below is about coverage, not speed.
                try await Task.sleep(for: .milliseconds(500))
                for _ in 0..<600 where writes.acknowledged.withLock({ $0.count }) <= 50 { try await Task.sleep(for: .milliseconds(50)) }
                writes.stop.withLock { $0 = true }
                try await group.waitForAll()
                if let process { await daemon.stop(process) }
            }
            let acknowledged = writes.acknowledged.withLock { $0 }
            #expect(acknowledged.count > 50)

            let restarted = try await daemon.startAgain()
            let audit = try await daemon.chibo(["audit", "verify"])
            #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
            let members = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                try await $0.listAll(
                    .with {
                        $0.kind = "member"; $0.limit = 1000
                    })
            }
            await daemon.stop(restarted)
            #expect(Set(members.map(\.member.id)) == acknowledged)
            #expect(members.count == acknowledged.count)
            let store = try Store.openReadOnly(at: daemon.data + "/chibo.sqlite", hash: { Data(Sodium.sha256($0)) })
            #expect(try await store.journalCount(operation: "put_records") == acknowledged.count)
            let integrity = try await store.integrityCheck()
            #expect(integrity == ["ok"])
        }
    }
}

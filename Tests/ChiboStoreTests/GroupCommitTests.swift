import ChiboModel
import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// Concurrent writes on a real database file: they share commits, each is answered with its own outcome, and a
/// write that breaks a rule fails alone.
@Suite struct GroupCommitTests {
    @Test func concurrentWritesShareCommitsAndAFailureStaysItsOwn() async throws {
        var template = Array((NSTemporaryDirectory() + "/chibo-group-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store.create(at: directory + "/chibo.sqlite") { Data($0.reversed()) }
        defer { try? store.close() }
        let signer = String(repeating: "ab", count: 16)
        try store.enrolFirstAdmin(
            EnrolledKey(id: signer, publicKey: Data(repeating: 1, count: 32), role: .admin, name: "Quản trị", createdAt: 0, createdBy: nil))
        _ = try await store.writeRecords(
            dryRun: false, journal: [], idempotency: nil, feed: { try $0.insert(try Member(id: "M0", fullName: "Lò Văn Đầu")) },
            result: { $0 })
        let before = store.groupCommit.committed

        let writes = 64
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for i in 1...writes {
                group.addTask {
                    // Write 32 reuses M0's code with another name: a conflict, for that write alone.
                    let member = try! Member(id: i == 32 ? "M0" : "M\(i)", fullName: "Lò Văn \(i)")
                    let journal = JournalInput(
                        keyID: signer, requestID: Data([UInt8(i)]), operation: "put_records", envelope: Data([UInt8(i)]), at: 0)
                    do {
                        _ = try await store.writeRecords(
                            dryRun: false, journal: [journal], idempotency: nil, feed: { try $0.insert(member) }, result: { $0 })
                        return (i, true)
                    } catch {
                        return (i, false)
                    }
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { !$0.value }.map(\.key) == [32])
        #expect(try await store.counts()["member"] == writes)
        #expect(try await store.journalCount() == writes - 1)
        #expect(try await store.verifyJournal() == writes - 1)
        let after = store.groupCommit.committed
        #expect(after.writes - before.writes == writes)
        #expect(after.groups - before.groups < writes, "every write had a commit of its own")
    }

    /// A write alone (an import's apply) shares no commit: amid grouped writes it is committed whole, and one that
    /// fails after writing leaves nothing of itself while the writes around it are committed.
    @Test func aWriteAloneIsCommittedOrUndoneWhole() async throws {
        let store = try Store.inMemory { Data($0.reversed()) }
        func members(_ ids: [String]) -> @Sendable (Database) throws -> Int {
            { db in
                let sink = RecordSink(db: db, store: store, dryRun: false)
                for id in ids { try sink.insert(try Member(id: id, fullName: "Lò Văn \(id)")) }
                return ids.count
            }
        }
        struct Refused: Error {}
        let before = store.groupCommit.committed
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for i in 1...20 {
                group.addTask { (try? await store.groupCommit.write(members(["G\(i)"]))) != nil ? ("G\(i)", true) : ("G\(i)", false) }
            }
            group.addTask {
                let insert = members(["A1", "A2", "A3"])
                let written = try? await store.groupCommit.write(alone: true) { db -> Int in
                    // No savepoint around a write alone: its statement journal is the statements' own.
                    #expect(throws: DatabaseError.self) { try db.execute(sql: "RELEASE SAVEPOINT groupWrite") }
                    return try insert(db)
                }
                return ("A", written != nil)
            }
            group.addTask {
                let failing = members(["B1", "B2"])
                let written = try? await store.groupCommit.write(alone: true) { db -> Int in
                    _ = try failing(db)
                    throw Refused()
                }
                return ("B", written != nil)
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.filter { !$0.value }.map(\.key) == ["B"])
        #expect(try await store.counts()["member"] == 23)
        #expect(try await store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM member WHERE id LIKE 'B%'") } == 0)
        let after = store.groupCommit.committed
        #expect(after.writes - before.writes == 22)
        // The next write finds no transaction left open by the one undone.
        #expect(try await store.groupCommit.write(alone: true, members(["C1"])) == 1)
    }

    @Test func answersPastTheRetentionAreForgottenByALaterWrite() async throws {
        let store = try Store.inMemory { Data($0.reversed()) }
        let signer = String(repeating: "cd", count: 16)
        try store.enrolFirstAdmin(
            EnrolledKey(id: signer, publicKey: Data(repeating: 2, count: 32), role: .admin, name: "Quản trị", createdAt: 0, createdBy: nil))
        // Times far in the future, so that this process's last sweep (a minute at most ago) does not hold it back.
        let later = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
        func write(_ id: String, at: Int64) async throws {
            let input = IdempotencyInput(signer: signer, key: Data(id.utf8), operation: "put_records", operationHash: Data(id.utf8), at: at)
            let journal = JournalInput(keyID: signer, requestID: Data(id.utf8), operation: "put_records", envelope: Data(id.utf8), at: at)
            _ = try await store.writeRecords(
                dryRun: false, journal: [journal], idempotency: Idempotency(input) { _ in Data() },
                feed: { try $0.insert(try Member(id: id, fullName: "Lò Văn \(id)")) }, result: { $0 })
        }
        try await write("OLD", at: later)
        let old = IdempotencyInput(
            signer: signer, key: Data("OLD".utf8), operation: "put_records", operationHash: Data("OLD".utf8), at: later)
        #expect(try await store.recall(old) != nil)
        try await write("NEW", at: later + Store.idempotencyRetentionMilliseconds + 120_000)
        #expect(try await store.recall(old) == nil)
    }
}

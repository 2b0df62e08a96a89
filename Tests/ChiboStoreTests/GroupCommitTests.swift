import ChiboModel
import Foundation
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
}

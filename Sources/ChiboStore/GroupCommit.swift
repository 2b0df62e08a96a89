import Foundation
import GRDB
import Synchronization

/// Group commit: writes that arrive while a transaction is being committed wait, and then go together into
/// the next one, each in its own savepoint, under one commit and so one sync of the WAL. A write that fails
/// rolls back its savepoint alone; the others of its group are committed. No write is answered before the
/// commit that holds it is on disk, and a failed commit fails every write of its group.
///
/// Nothing waits for a group to fill: the first write of an idle daemon is committed at once, and the group
/// grows only with the writes that arrive while the disk is syncing the one before.
///
/// A write made `alone` (an import's apply) has a transaction of its own and no savepoint, and fails by rolling
/// it back. Inside a savepoint, SQLite keeps the first image of every page the write changes in a statement
/// journal (in memory here), and cuts that journal back at the end of each of the write's statements by walking
/// it from its start: over the hundreds of thousands of statements of a large import, that walk grew with the
/// journal and became most of the import's time.
final class GroupCommit: Sendable {
    /// One waiting write: `run` does it inside the group's transaction, keeps its outcome and says whether the
    /// transaction may be committed (a write in a savepoint undoes itself; one alone cannot); `finish` tells the
    /// writer, once the commit is done (or failed: then with the commit's error).
    private struct Job: Sendable {
        let alone: Bool
        let run: @Sendable (Database) -> Bool
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var committing = false
        var groups = 0
        var writes = 0
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    /// Writes per transaction at the most, so a flood is committed in bounded groups.
    let maxGroup: Int

    init(writer: any DatabaseWriter, maxGroup: Int = 256) {
        self.writer = writer
        self.maxGroup = maxGroup
    }

    /// Runs `body` in a savepoint of the next group's transaction, or `alone` in a transaction of its own, and
    /// returns its result once that transaction is committed.
    func write<T: Sendable>(alone: Bool = false, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = Mutex<Result<T, any Error>?>(nil)
            let job = Job(
                alone: alone,
                run: { db in
                    if alone {
                        let result = Result<T, any Error> { try body(db) }
                        outcome.withLock { $0 = result }
                        if case .failure = result { return false }
                        return true
                    }
                    let result = Result<T, any Error> {
                        // Prepared once per connection: a savepoint's two statements run for every write.
                        try db.cachedStatement(sql: "SAVEPOINT groupWrite").execute()
                        do {
                            let value = try body(db)
                            try db.cachedStatement(sql: "RELEASE SAVEPOINT groupWrite").execute()
                            return value
                        } catch {
                            // The write's own error is what its client is told. If SQLite already rolled the whole
                            // transaction back (a full disk), undoing the savepoint fails too, and so does the commit.
                            try? db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT groupWrite").execute()
                            try? db.cachedStatement(sql: "RELEASE SAVEPOINT groupWrite").execute()
                            throw error
                        }
                    }
                    outcome.withLock { $0 = result }
                    return true
                },
                finish: { commitError in
                    // A write that failed on its own says why; any other is undone by a failed commit.
                    switch (outcome.withLock { $0 }, commitError) {
                    case (.failure(let error)?, _): continuation.resume(throwing: error)
                    case (_, let error?): continuation.resume(throwing: error)
                    case (.success(let value)?, nil): continuation.resume(returning: value)
                    case (nil, nil): continuation.resume(throwing: StoreError(.corrupt, "a write of a committed group never ran"))
                    }
                })
            let start = state.withLock { state -> Bool in
                state.pending.append(job)
                guard !state.committing else { return false }
                state.committing = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    /// Groups committed and the writes they held, since the store opened.
    var committed: (groups: Int, writes: Int) { state.withLock { ($0.groups, $0.writes) } }

    /// Commits groups until no write waits.
    private func drain() async {
        while true {
            let group = state.withLock { state -> [Job] in
                let group =
                    state.pending.first?.alone == true
                    ? [state.pending[0]] : Array(state.pending.prefix(maxGroup).prefix { !$0.alone })
                state.pending.removeFirst(group.count)
                if group.isEmpty { state.committing = false }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                try await writer.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        var keep = true
                        for job in group { keep = job.run(db) && keep }
                        return keep ? .commit : .rollback
                    }
                }
                state.withLock {
                    $0.groups += 1
                    $0.writes += group.count
                }
                for job in group { job.finish(nil) }
            } catch {
                // The transaction could not begin or commit (a full disk): nothing of the group is written.
                for job in group { job.finish(error) }
            }
        }
    }
}

import ChiboModel
import Foundation
import GRDB

extension Store {
    /// Puts back this daemon's own journal entries (kept by its upper daemon) after the daemon was restored
    /// from an older backup: entries it still holds must be the same, the first new one must follow its last,
    /// and each new one is appended exactly as it was (same seq, hashes and time) after `apply` has done again
    /// what its request did. One transaction: all of it, or nothing. Returns how many entries were new.
    public func recover(_ entries: [JournalEntry], apply: @escaping @Sendable (RecordSink, JournalEntry) throws -> Void) async throws -> Int
    {
        try await groupCommit.write { db in
            let head = try JournalEntry.order(Column("seq").desc).fetchOne(db)
            let headSeq = head?.seq ?? 0
            if let differing = try Self.firstDiffering(
                entries, through: headSeq, db: db, sql: "SELECT seq, hash FROM journal WHERE seq BETWEEN ? AND ?")
            {
                throw StoreError(
                    .fork,
                    "entry \(differing.seq ?? 0) of this daemon's journal differs from the bundle's: the bundle is not this daemon's history"
                )
            }
            let fresh = entries.filter { ($0.seq ?? 0) > headSeq }
            guard let first = fresh.first else { return 0 }
            guard first.seq == headSeq + 1 else {
                throw StoreError(.gap, "this daemon's journal ends at entry \(headSeq); the bundle starts at \(first.seq ?? 0)")
            }
            guard first.previousHash == (head?.hash ?? JournalEntry.genesis) else {
                throw StoreError(
                    .fork, "entry \(first.seq ?? 0) of the bundle does not follow this daemon's entry \(headSeq): another history")
            }
            let sink = RecordSink(db: db, store: self, dryRun: false)
            for entry in fresh {
                try apply(sink, entry)
                try entry.insert(db)
            }
            return fresh.count
        }
    }

    /// The bundles accepted from a lower daemon as it signed them (manifest, signature, entries), the one
    /// holding `from` first and then each that goes furthest from the end of the one before: what a lower
    /// daemon rebuilt from a backup needs to get its journal back.
    public func receivedBundles(peer: String, from: Int64, limit: Int) async throws -> [(
        manifest: Data, signature: Data, entries: [JournalEntry]
    )] {
        try await pool.read { db in
            var next = max(from, 1)
            var bundles: [(Data, Data, [JournalEntry])] = []
            while bundles.count < limit,
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT fromSeq, toSeq, manifest, signature FROM upstreamBundle
                        WHERE peerKeyID = ? AND fromSeq <= ? AND toSeq >= ? ORDER BY toSeq DESC LIMIT 1
                        """, arguments: [peer, next, next])
            {
                let entries = try ReceivedEntry.filter(
                    Column("peerKeyID") == peer && Column("seq") >= (row["fromSeq"] as Int64) && Column("seq") <= (row["toSeq"] as Int64)
                ).order(Column("seq")).fetchAll(db).map(\.journalEntry)
                bundles.append((row["manifest"], row["signature"], entries))
                next = (row["toSeq"] as Int64) + 1
            }
            return bundles
        }
    }
}

extension RecordSink {
    /// Enrols a key again as a recovered `enrol_key` entry did; `conflict` when it is enrolled.
    public func enrol(_ key: EnrolledKey) throws {
        if try EnrolledKey.filter(Column("publicKey") == key.publicKey).fetchCount(db) > 0 {
            throw StoreError(.conflict, "key \(key.id) is already enrolled")
        }
        try key.insert(db)
    }

    /// Revokes a key again as a recovered `revoke_key` entry did.
    public func revoke(id: String, by revoker: String, at time: Int64) throws {
        guard var key = try EnrolledKey.fetchOne(db, key: id), key.status == .active else {
            throw StoreError(.conflict, "key \(id) is not an active key here")
        }
        key.status = .revoked
        key.revokedAt = time
        key.revokedBy = revoker
        try key.update(db)
    }

    /// Loads a rule set again as a recovered `put_rule_set` entry did, parsed with the levels stored now.
    public func putRuleSet(source: String, unitIDs: [String], keyID: String, at time: Int64) throws {
        let set = try ReportReader.ruleSetParser(db).parse(source)
        try Store.putRuleSet(set, source: source, unitIDs: unitIDs, keyID: keyID, at: time, in: db)
    }

    /// Ends a range again as a recovered `end_record` entry did.
    public func end(_ target: DomainWriter.EndTarget, until: CalendarDay) throws {
        _ = try DomainWriter.end(target, until: until, in: db)
    }
}

import ChiboModel
import Foundation
import GRDB

extension Store {
    /// The journal from `from` on, as much as fits in `maxBytes` of envelopes (always at least one entry), the
    /// hash the first of them follows, and the journal's last seq (0 when empty).
    public func journalSegment(from: Int64, maxBytes: Int) async throws -> (entries: [JournalEntry], previousHash: Data, head: Int64) {
        try await pool.read { db in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM journal") ?? 0
            guard from >= 1, from <= head else { return ([], Data(), head) }
            let previous =
                from == 1
                ? JournalEntry.genesis
                : try Data.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = ?", arguments: [from - 1])
            guard let previous else { throw StoreError(.corrupt, "journal entry \(from - 1) is missing") }
            var entries: [JournalEntry] = []
            var size = 0
            let cursor = try JournalEntry.filter(Column("seq") >= from).order(Column("seq")).fetchCursor(db)
            while let entry = try cursor.next() {
                if !entries.isEmpty, size + entry.envelope.count > maxBytes { break }
                size += entry.envelope.count
                entries.append(entry)
            }
            return (entries, previous, head)
        }
    }

    /// The journal entries of one kind of write (`enrol_key`...), oldest first.
    public func journal(operation: String) async throws -> [JournalEntry] {
        try await pool.read { try JournalEntry.filter(Column("operation") == operation).order(Column("seq")).fetchAll($0) }
    }

    /// Units with no parent: a daemon that reports upward has exactly one, the subtree it reports.
    public func topUnits() async throws -> [String] {
        try await pool.read { try String.fetchAll($0, sql: "SELECT id FROM unit WHERE parentID IS NULL ORDER BY id") }
    }

    public func upstreamPeers() async throws -> [UpstreamPeer] {
        try await pool.read { try UpstreamPeer.order(Column("unitID"), Column("keyID")).fetchAll($0) }
    }

    public func upstreamPeer(_ keyID: String) async throws -> UpstreamPeer? {
        try await pool.read { try UpstreamPeer.fetchOne($0, key: keyID) }
    }

    /// Every key the lower daemons sent up, by lower daemon then key id.
    public func receivedKeys() async throws -> [ReceivedKey] {
        try await pool.read { try ReceivedKey.order(Column("peerKeyID"), Column("keyID")).fetchAll($0) }
    }

    /// Runs `visit` over every entry received from lower daemons, by lower daemon then seq, in one read
    /// transaction; `visit` returns false to stop.
    public func scanReceived<State: Sendable>(
        _ initial: State, _ visit: @escaping @Sendable (inout State, ReceivedEntry) throws -> Bool
    ) async throws -> State {
        try await pool.read { db in
            var state = initial
            let cursor = try ReceivedEntry.order(Column("peerKeyID"), Column("seq")).fetchCursor(db)
            while let entry = try cursor.next(), try visit(&state, entry) {}
            return state
        }
    }

    /// Weighs a checked bundle against what was accepted from its lower daemon, then, in one transaction,
    /// hands each new entry to `apply` (which writes its records through the sink) and keeps the entries, keys
    /// and manifest as their provenance. Entries accepted before are compared, not applied again: the same
    /// history changes nothing, a different one is a fork, recorded (and nothing else written).
    public func applyBundle(
        _ bundle: CheckedBundle, now: Int64, apply: @escaping @Sendable (RecordSink, JournalEntry) throws -> Void
    ) async throws -> BundleOutcome {
        try await groupCommit.write { db in
            var peer = try UpstreamPeer.fetchOne(db, key: bundle.peerKeyID) ?? UpstreamPeer(keyID: bundle.peerKeyID, unitID: bundle.unitID)
            let accepted = peer.acceptedSeq
            if let fork = try Self.fork(bundle, peer: peer, in: db) {
                peer.forkSeq = fork.seq
                peer.forkAt = now
                peer.forkProblem = fork.problem
                try peer.save(db)
                return .fork(seq: fork.seq, problem: fork.problem)
            }
            guard bundle.fromSeq <= accepted + 1 else {
                throw StoreError(
                    .gap,
                    "entries \(accepted + 1)–\(bundle.fromSeq - 1) of this lower daemon's journal have not arrived: "
                        + "send the bundle from entry \(accepted + 1) first")
            }
            let fresh = bundle.entries.filter { ($0.seq ?? 0) > accepted }
            guard !fresh.isEmpty else { return .applied(accepted: 0, counts: RecordCounts(), acceptedSeq: accepted) }
            try Self.requireSameFirstAdmin(bundle, in: db)
            // The peer's row first: the entries and keys point at it.
            try peer.save(db)
            let sink = RecordSink(db: db, store: self, dryRun: false)
            for entry in fresh {
                try apply(sink, entry)
                try ReceivedEntry(peerKeyID: bundle.peerKeyID, entry: entry, receivedAt: now).insert(db)
            }
            for key in bundle.keys { try key.insert(db, onConflict: .ignore) }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO upstreamBundle (peerKeyID, fromSeq, toSeq, manifest, signature, receivedAt)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [bundle.peerKeyID, bundle.fromSeq, bundle.toSeq, bundle.manifest, bundle.signature, now])
            peer.unitID = bundle.unitID
            peer.acceptedSeq = bundle.toSeq
            peer.chainHead = bundle.chainHead
            peer.journalHeadSeq = max(bundle.journalHeadSeq, bundle.toSeq)
            peer.bundleMadeAt = bundle.madeAt
            peer.receivedAt = now
            try peer.save(db)
            return .applied(accepted: fresh.count, counts: sink.counts, acceptedSeq: bundle.toSeq)
        }
    }

    /// A key listed with no enrolment is the lower daemon's first admin, vouched for by its daemon key alone:
    /// once one has come up, another in a later bundle would let a daemon key sign for anyone it likes.
    private static func requireSameFirstAdmin(_ bundle: CheckedBundle, in db: Database) throws {
        let known = try String.fetchAll(
            db, sql: "SELECT keyID FROM upstreamKey WHERE peerKeyID = ? AND length(enrolment) = 0", arguments: [bundle.peerKeyID])
        guard let first = known.first else { return }
        if let other = bundle.keys.first(where: { $0.enrolment.isEmpty && $0.keyID != first }) {
            throw StoreError(
                .conflict,
                "the bundle lists key \(other.keyID) (\(other.name)) as the lower daemon's first admin, but its first admin "
                    + "has been key \(first): a key the daemon vouches for alone is refused")
        }
    }

    /// Where the bundle's history leaves the accepted one, if it does: an entry accepted before with another
    /// hash, or a first new entry that follows another chain head than the last accepted entry's.
    private static func fork(_ bundle: CheckedBundle, peer: UpstreamPeer, in db: Database) throws -> (seq: Int64, problem: String)? {
        let accepted = peer.acceptedSeq
        if bundle.fromSeq <= accepted {
            let differing = try firstDiffering(
                bundle.entries, through: accepted, db: db,
                sql: "SELECT seq, hash FROM upstreamEntry WHERE peerKeyID = ? AND seq BETWEEN ? AND ?", bundle.peerKeyID)
            guard let seq = differing?.seq else { return nil }
            return (seq, "entry \(seq) differs from the entry \(seq) accepted before: the lower daemon's history was rewritten")
        }
        if bundle.fromSeq == accepted + 1, bundle.previousChainHead != peer.chainHead {
            return (
                bundle.fromSeq,
                "entry \(bundle.fromSeq) does not follow entry \(accepted) as accepted before: "
                    + "the lower daemon's history was rewritten at or before entry \(accepted)"
            )
        }
        return nil
    }
}

extension Store {
    /// The first of `entries` numbered up to `last` whose hash is not the one `sql` reads for its seq (`sql`
    /// takes the leading `arguments`, then the first and last seq).
    static func firstDiffering(
        _ entries: [JournalEntry], through last: Int64, db: Database, sql: String, _ arguments: any DatabaseValueConvertible...
    ) throws -> JournalEntry? {
        let held = entries.filter { ($0.seq ?? 0) <= last }
        guard let first = held.first?.seq else { return nil }
        let stored = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments + [first, last]))
                .map { ($0["seq"] as Int64, $0["hash"] as Data) })
        return held.first { stored[$0.seq ?? 0] != $0.hash }
    }
}

extension RecordSink {
    /// Writes a record a lower daemon reported, or returns false (writing nothing) when it falls outside
    /// `scope`, the lower daemon's subtree here. The lower daemon's top unit is the scope unit itself: it keeps
    /// the place the upper daemon gave it in the tree, so it is written with the parent it has here.
    public func insert(reported record: any DomainRecord, scope: String) throws -> Bool {
        if let unit = record as? PartyUnit, unit.id == scope {
            let parent = try String.fetchOne(db, sql: "SELECT parentID FROM unit WHERE id = ?", arguments: [scope])
            try insert(
                PartyUnit(
                    id: unit.id, parentID: parent, name: unit.name, level: unit.level, residential: unit.residential,
                    especiallyDifficult: unit.especiallyDifficult, regularMeetingDay: unit.regularMeetingDay, active: unit.active))
            return true
        }
        guard try lies(record, within: scope) else { return false }
        try insert(record)
        return true
    }

    /// Ends a range as a lower daemon reported it, or returns false when `unit` lies outside `scope`.
    public func end(reported target: DomainWriter.EndTarget, unit: String?, until: CalendarDay, scope: String) throws -> Bool {
        if let unit, try !DomainWriter.unit(db, unit, isWithin: scope) { return false }
        _ = try DomainWriter.end(target, until: until, in: db)
        return true
    }

    private func lies(_ record: any DomainRecord, within scope: String) throws -> Bool {
        guard let stored = record as? any StoredRecord else { return false }
        switch try stored.scope(db) {
        case .anywhere: return true
        case .unscopedOnly: return false
        case .units(let units): return try units.allSatisfy { try DomainWriter.unit(db, $0, isWithin: scope) }
        }
    }
}

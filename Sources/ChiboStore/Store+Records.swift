import ChiboModel
import Foundation
import GRDB

/// How many records of a write were new, and how many were already stored as given.
public struct RecordCounts: Sendable, Equatable {
    public var inserted = 0
    public var unchanged = 0
}

/// A record that could not be written, with its place in the write (0-based, over a whole import), so the
/// client can name its line.
public struct RecordFailure: Error, Sendable {
    public let index: Int
    public let underlying: any Error

    public init(index: Int, underlying: any Error) {
        self.index = index
        self.underlying = underlying
    }
}

/// What a write of records is fed through, inside its one transaction: the records, the staged chunks of an
/// import, and the journal entries of the envelopes they came in.
public final class RecordSink {
    let db: Database
    private let store: Store
    private let dryRun: Bool
    var counts = RecordCounts()
    private let lookups = WriteLookups()
    /// The index the next record will have in the write.
    public private(set) var index = 0

    init(db: Database, store: Store, dryRun: Bool) {
        self.db = db
        self.store = store
        self.dryRun = dryRun
    }

    /// Writes one record; a failure is thrown as a `RecordFailure` naming its index.
    public func insert(_ record: any DomainRecord) throws {
        do {
            if try DomainWriter.insert(record, in: db, lookups: lookups) == .inserted {
                counts.inserted += 1
            } else {
                counts.unchanged += 1
            }
        } catch let failure as RecordFailure {
            throw failure
        } catch {
            throw RecordFailure(index: index, underlying: error)
        }
        index += 1
    }

    /// Hands each staged chunk of an import to `body` in order, after checking that `nextChunk` is the next one
    /// and that `keyID` began the import.
    public func stagedChunks(_ importID: Data, nextChunk: Int, keyID: String, _ body: (Int, Data) throws -> Void) throws {
        try Store.forEachStagedChunk(importID, nextChunk: nextChunk, keyID: keyID, in: db, body)
    }

    /// Journals envelopes with the write (nothing in a dry run).
    public func journal(_ entries: [JournalInput]) throws {
        if !dryRun { try store.appendJournal(entries, in: db) }
    }
}

extension Store {
    /// Writes every record `feed` hands over in one transaction with `journal`, or, for a dry run, checks them in
    /// one that is rolled back. `dropImport` names staged chunks to remove with the write. The answer `result`
    /// builds from the counts is stored under the idempotency key in the same transaction.
    public func writeRecords<T: Sendable>(
        dryRun: Bool, journal: [JournalInput], dropImport: Data? = nil, idempotency: Idempotency<T>?,
        feed: @escaping @Sendable (RecordSink) throws -> Void, result: @escaping @Sendable (RecordCounts) -> T
    ) async throws -> T {
        let body: @Sendable (Database) throws -> T = { db in
            let sink = RecordSink(db: db, store: self, dryRun: dryRun)
            try feed(sink)
            if let dropImport { try Self.dropStagedImport(dropImport, in: db) }
            try sink.journal(journal)
            return result(sink.counts)
        }
        guard !dryRun else {
            let checked = try await check(body)
            if let dropImport { try await self.dropImport(dropImport) }
            return checked
        }
        // An import's apply writes every staged chunk in one go: alone, outside any savepoint (`GroupCommit`).
        return try await write(journal: nil, idempotency: idempotency, alone: dropImport != nil, body)
    }

    /// Ends an open range (a unit, membership, position or member status) and returns the ended record.
    public func end(
        _ target: DomainWriter.EndTarget, until: CalendarDay, journal: JournalInput, idempotency: Idempotency<any DomainRecord>?
    ) async throws -> any DomainRecord {
        try await write(journal: journal, idempotency: idempotency) { try DomainWriter.end(target, until: until, in: $0) }
    }

    /// Removes an import's staged chunks (a scoped key's chunk that left its scope, or a dry run's).
    public func dropImport(_ importID: Data) async throws {
        try await write(journal: nil) { try Self.dropStagedImport(importID, in: $0) }
    }

    /// The index of the first record a key scoped to `scope` may not write, if any: each record names the
    /// units it falls under (`StoredRecord.scope`), and each must lie in the scope's subtree.
    public func firstOutOfScope(_ records: [any DomainRecord], scope: String) async throws -> Int? {
        try await pool.read { db in
            for (index, record) in records.enumerated() {
                guard let stored = record as? any StoredRecord else { return index }
                switch try stored.scope(db) {
                case .anywhere: continue
                case .unscopedOnly: return index
                case .units(let units):
                    for unit in units where try !DomainWriter.unit(db, unit, isWithin: scope) { return index }
                }
            }
            return nil
        }
    }

    /// Whether a unit of this id exists.
    public func unitExists(_ id: String) async throws -> Bool {
        try await pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM unit WHERE id = ?)", arguments: [id]) ?? false }
    }
}

import ChiboModel
import GRDB
import Synchronization

/// The facts of compliance and visits by level (tree, officials, positions, assignments, memberships and
/// exemptions of officials, rule sets, visits of a period), kept between reports until a write changes them.
///
/// Staleness is ruled out in two ways. A transaction observer on the writer counts the commits that changed any
/// table those facts come from (`generation`); a report reads the count before its read transaction begins,
/// so its snapshot holds at least every change counted, and facts kept under an older count are read again.
/// Meetings are written far more often than anything else and matter to these facts only when one corrects
/// another (a visit then belongs to the correction's day and unit), so they are not observed: the number and
/// the last row id of the correcting meetings, read inside the report's snapshot, are part of the key.
final class WarmFacts: Sendable {
    /// The tables whose rows make the facts, except `meeting`.
    static let tables: Set<String> = [
        "level", "unit", "official", "position", "assignment", "assignmentUnit", "visit", "membership", "memberStatus", "ruleSet",
        "ruleSetUnit",
    ]
    /// Enough for the year and the quarter of a board's usual reports, and a few others, at a few MB each.
    static let capacity = 4

    private struct Key: Hashable {
        let from: CalendarDay
        let until: CalendarDay
        let generation: Int
        let corrections: [Int64]
    }

    private struct Entry {
        let key: Key
        let facts: ComplianceFacts
        /// Built the first time compliance asks (visits by level needs only the facts).
        var engine: ComplianceEngine?
    }

    private struct State {
        var generation = 0
        var entries: [Entry] = []
    }

    private let state = Mutex(State())

    /// The count of commits that changed the facts so far; read it before the read transaction of a report.
    var generation: Int { state.withLock { $0.generation } }

    /// The facts for rule periods within `from...until` as of `db`'s snapshot, kept from an earlier report when
    /// nothing they come from has changed since.
    func complianceFacts(from: CalendarDay, until: CalendarDay, generation: Int, _ db: Database) throws -> ComplianceFacts {
        try entry(from: from, until: until, generation: generation, db).facts
    }

    /// The compliance engine over those facts, kept with them.
    func complianceEngine(from: CalendarDay, until: CalendarDay, generation: Int, _ db: Database) throws -> ComplianceEngine {
        let found = try entry(from: from, until: until, generation: generation, db)
        if let engine = found.engine { return engine }
        let engine = ComplianceEngine(found.facts)
        state.withLock { state in
            if let index = state.entries.firstIndex(where: { $0.key == found.key }) { state.entries[index].engine = engine }
        }
        return engine
    }

    private func entry(from: CalendarDay, until: CalendarDay, generation: Int, _ db: Database) throws -> Entry {
        let corrections =
            try Row.fetchOne(
                db, sql: "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM meeting WHERE corrects IS NOT NULL"
            ).map { [$0[0] as Int64, $0[1] as Int64] } ?? []
        let key = Key(from: from, until: until, generation: generation, corrections: corrections)
        if let entry = state.withLock({ state in state.entries.first { $0.key == key } }) { return entry }
        let entry = Entry(key: key, facts: try ReportReader.complianceFacts(from: from, until: until, db))
        state.withLock { state in
            // Facts read before a change was counted may hold it or not: they are used once, not kept.
            guard generation == state.generation else { return }
            state.entries.removeAll { ($0.key.from, $0.key.until) == (from, until) }
            state.entries.append(entry)
            if state.entries.count > Self.capacity { state.entries.removeFirst() }
        }
        return entry
    }

    /// Counts a committed change to the facts' tables; entries kept under older counts can no longer be used.
    fileprivate func changed() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }

    /// The observer to add to the store's writer.
    func observer() -> some TransactionObserver { Observer(facts: self) }

    private final class Observer: TransactionObserver, @unchecked Sendable {
        // Only the writer's queue calls an observer, one call at a time.
        private let facts: WarmFacts
        private var dirty = false

        init(facts: WarmFacts) { self.facts = facts }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { WarmFacts.tables.contains(eventKind.tableName) }

        func databaseDidChange(with event: DatabaseEvent) {
            dirty = true
            // One change is enough to know: the rest of the transaction's rows need not call back.
            stopObservingDatabaseChangesUntilNextTransaction()
        }

        func databaseDidCommit(_ db: Database) {
            if dirty { facts.changed() }
            dirty = false
        }

        func databaseDidRollback(_ db: Database) { dirty = false }
    }
}

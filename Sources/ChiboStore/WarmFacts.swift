import ChiboModel
import GRDB
import Synchronization

/// The facts of compliance and visits by level (tree, officials, positions, assignments, memberships and
/// exemptions of officials, rule sets, visits of a period), kept between reports in parts, each read again
/// only after a write to one of its own tables: a new membership does not make the next report read the year's
/// visits, nor a visit the tree.
///
/// Staleness is ruled out per part. A transaction observer on the writer counts, for each part, the commits
/// that changed one of its tables. A part is kept with a count taken before the read transaction it was read
/// in began, so it is at most as new as its content. A report uses a kept part only if that count is still
/// the current one, read inside the report's own transaction: no commit has touched the part since it was
/// read, so it is what the report's snapshot holds; every other part is read in that snapshot. Meetings are
/// written far more often than anything else and matter to the visits only when one corrects another (a visit
/// then belongs to the correction's day and unit), so they are not observed: the number and the last row id of
/// the correcting meetings, read inside the report's snapshot, are part of the visits' key.
///
/// Visits are written often too, one at a time: the observer notes the row ids each commit inserts, and kept
/// visits (and the kept engine) take in just those rows when nothing else changed them since.
///
/// The tree and the cells, which every report over cells' months reads too, are kept once for all periods
/// (`tree(before:_:)`, `cells(before:_:)`) under the same rule, with the tree's count.
final class WarmFacts: Sendable {
    /// The facts in parts, by the tables each is read from.
    enum Part: Int, CaseIterable {
        case tree, officials, members, visits, rules

        var tables: Set<String> {
            switch self {
            case .tree: ["level", "unit"]
            case .officials: ["official", "position", "assignment", "assignmentUnit"]
            // The officials' own memberships and exemptions: which members those are is in `official`.
            case .members: ["membership", "memberStatus", "official"]
            case .visits: ["visit"]
            // Rule sets are parsed against the levels the database knows.
            case .rules: ["ruleSet", "ruleSetUnit", "level"]
            }
        }
    }

    /// The tables whose rows make the facts, except `meeting`.
    static let tables: Set<String> = Set(Part.allCases.flatMap(\.tables))
    /// Enough for the year and the quarter of a board's usual reports, and a few others, at a few MB each.
    static let capacity = 4

    /// How many commits changed each part's tables.
    struct Generations: Hashable, Sendable {
        fileprivate var counts = Array(repeating: 0, count: Part.allCases.count)
        subscript(part: Part) -> Int { counts[part.rawValue] }
    }

    private struct Entry {
        let from: CalendarDay
        let until: CalendarDay
        /// Each part's count when it was read (taken before its read transaction began).
        var generations: Generations
        var corrections: [Int64]
        /// Whether the visits hold exactly the commits up to their count: no commit to `visit` came between the
        /// count and the snapshot they were read in. Only then can new visits be added without adding one twice.
        var visitsExact: Bool
        var facts: ComplianceFacts
        /// Which reading this is: an engine built from these facts goes with them and no other entry.
        var serial = 0
        /// Built the first time compliance asks (visits by level needs only the facts); built again when a part is
        /// read again, save the officials' memberships (replaced in it), and given new visits as they come.
        var engine: ComplianceEngine?
    }

    private struct State {
        var generations = Generations()
        var entries: [Entry] = []
        /// The row ids each of the latest commits to `visit` inserted, by the visits' count after it; nil for a
        /// commit that also updated or deleted visits, or inserted too many to be worth taking in one by one.
        var visitInserts: [(generation: Int, rowIDs: [Int64]?)] = []
        var periodReads = 0
        var serials = 0
        /// The latest tree and cells read, each with the tree's count taken before its read transaction began.
        var tree: (generation: Int, value: UnitTree)?
        var cells: (generation: Int, value: [CellFacts])?
    }

    /// How many times a period's visits have been read in whole, for tests.
    var periodVisitReads: Int { state.withLock { $0.periodReads } }

    /// How many commits to `visit` are remembered for kept visits to catch up on.
    static let visitLogLength = 64
    /// Beyond this many new visits the period is read again instead.
    static let visitCatchUpLimit = 1000

    private let state = Mutex(State())

    /// The counts so far; a report reads them before its read transaction begins.
    var generations: Generations { state.withLock { $0.generations } }

    /// The facts for rule periods within `from...until`, of which `parts` are as of `db`'s snapshot (the others may
    /// be older: a report that reads only the visits, the tree and the positions does not wait for a new reading of
    /// the memberships), with the parts nothing has changed since an earlier report kept from it.
    /// - Parameter before: the counts read before `db`'s read transaction began.
    func complianceFacts(
        from: CalendarDay, until: CalendarDay, before: Generations, parts: Set<Part> = Set(Part.allCases), _ db: Database
    ) throws -> ComplianceFacts {
        try entry(from: from, until: until, before: before, parts: parts, db).facts
    }

    /// The compliance engine over those facts, kept with them while every part is.
    func complianceEngine(from: CalendarDay, until: CalendarDay, before: Generations, _ db: Database) throws -> ComplianceEngine {
        let found = try entry(from: from, until: until, before: before, db)
        if let engine = found.engine { return engine }
        let engine = ComplianceEngine(found.facts)
        state.withLock { state in
            if let index = state.entries.firstIndex(where: { $0.serial == found.serial }) {
                state.entries[index].engine = engine
            }
        }
        return engine
    }

    /// The tree as of `db`'s snapshot, kept between reports of any period and shared with the entries: the reports
    /// over cells' months look up committees in it too, and reading it cost participation 6 ms in 45.
    /// - Parameter before: the counts read before `db`'s read transaction began.
    func tree(before: Generations, _ db: Database) throws -> UnitTree {
        try keptWithTree(\.tree, before: before, db, read: ReportReader.tree)
    }

    /// The cells of the whole tree as of `db`'s snapshot, by ID, kept like the tree: they are read from the same
    /// tables, by every report over cells' months.
    func cells(before: Generations, _ db: Database) throws -> [CellFacts] {
        try keptWithTree(\.cells, before: before, db) { try ReportReader.cells(scope: nil, $0) }
    }

    private func keptWithTree<Value>(
        _ slot: WritableKeyPath<State, (generation: Int, value: Value)?>, before: Generations, _ db: Database,
        read: (Database) throws -> Value
    ) throws -> Value {
        // The snapshot begins with its first read: only then do counts read after it say what it holds.
        try db.execute(sql: "SELECT rootpage FROM sqlite_master LIMIT 1")
        let kept = state.withLock { state in
            state[keyPath: slot].flatMap { $0.generation == state.generations[.tree] ? $0.value : nil }
        }
        if let kept { return kept }
        let value = try read(db)
        state.withLock { state in
            if before[.tree] >= state[keyPath: slot]?.generation ?? 0 { state[keyPath: slot] = (before[.tree], value) }
        }
        return value
    }

    private func entry(
        from: CalendarDay, until: CalendarDay, before: Generations, parts: Set<Part> = Set(Part.allCases), _ db: Database
    ) throws -> Entry {
        let corrections =
            try Row.fetchOne(
                db, sql: "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM meeting WHERE corrects IS NOT NULL"
            ).map { [$0[0] as Int64, $0[1] as Int64] } ?? []
        // Read inside the snapshot: a part whose count has not moved since it was read is the snapshot's.
        let now: Generations
        var kept: Entry?
        (now, kept) = state.withLock { state in (state.generations, state.entries.first { ($0.from, $0.until) == (from, until) }) }
        var stale = Set(Part.allCases)
        if let kept {
            stale = stale.filter { kept.generations[$0] != now[$0] }
            if kept.corrections != corrections { stale.insert(.visits) }
            // A part not asked for stays as it was kept, with its count: the next report that needs it reads it.
            stale.formIntersection(parts)
            if stale.isEmpty { return kept }
        }
        // The new visits alone can be taken in when the visits kept are exact and no correction moved one.
        let visitsSince = kept.flatMap {
            stale.contains(.visits) && $0.corrections == corrections && $0.visitsExact ? $0.generations[.visits] : nil
        }
        let added = try visitsSince.flatMap { try newVisits(since: $0, before: before, now: now, from: from, until: until, db) }
        let wasKept = kept != nil
        var entry: Entry
        if let serial = kept?.serial {
            // Taken out of the kept ones, and `kept` let go, so that the entry is changed in place: adding a visit
            // to a shared copy copied the period's visits and the engine's grouping of them. A report of the same
            // period meanwhile (or after this one fails) finds none and reads the period afresh.
            let taken = state.withLock { state in state.entries.firstIndex { $0.serial == serial }.map { state.entries.remove(at: $0) } }
            entry = taken ?? kept!
            kept = nil
        } else {
            entry = Entry(
                from: from, until: until, generations: before, corrections: corrections, visitsExact: before[.visits] == now[.visits],
                facts: try read(from, until, before: before, db))
        }
        if let added {
            // Only new visits since: they are added to the kept ones, and to the kept engine, instead of reading
            // the period again. The engine's facts are the entry's, so the entry lets go of its copy first.
            if entry.engine != nil {
                entry.facts.visits = []
                entry.engine!.add(visits: added)
                entry.facts.visits = entry.engine!.facts.visits
            } else {
                entry.facts.visits += added
            }
            stale.remove(.visits)
            entry.generations.counts[Part.visits.rawValue] = before[.visits]
        }
        if !wasKept || stale.contains(.visits) { state.withLock { $0.periodReads += 1 } }
        if wasKept, !stale.isEmpty {
            try read(stale, from, until, before: before, into: &entry.facts, db)
            for part in stale { entry.generations.counts[part.rawValue] = before[part] }
            entry.corrections = corrections
            if stale.contains(.visits) { entry.visitsExact = before[.visits] == now[.visits] }
            // The officials' memberships and exemptions alone are replaced in the kept engine; anything else
            // makes it be built again.
            entry.engine =
                stale == [.members]
                ? entry.engine?.replacing(memberships: entry.facts.memberships, statuses: entry.facts.statuses) : nil
        }
        return state.withLock { state in
            state.serials += 1
            entry.serial = state.serials
            state.entries.removeAll { ($0.from, $0.until) == (from, until) }
            state.entries.append(entry)
            if state.entries.count > Self.capacity { state.entries.removeFirst() }
            return entry
        }
    }

    /// The visits that commits after `kept` inserted, when those commits only inserted visits, all of them are in
    /// the snapshot (`before` and `now` agree: no commit to `visit` raced the report's transaction) and the log
    /// still holds each of them; else nil, and the period's visits are read again.
    private func newVisits(
        since kept: Int, before: Generations, now: Generations, from: CalendarDay, until: CalendarDay, _ db: Database
    ) throws -> [VisitFacts]? {
        guard before[.visits] == now[.visits] else { return nil }
        let commits = state.withLock { state in state.visitInserts.filter { $0.generation > kept && $0.generation <= before[.visits] } }
        guard commits.count == before[.visits] - kept else { return nil }
        var rowIDs: [Int64] = []
        for commit in commits {
            guard let inserted = commit.rowIDs else { return nil }
            rowIDs += inserted
        }
        guard rowIDs.count <= Self.visitCatchUpLimit else { return nil }
        return try ReportReader.newVisits(rowIDs: rowIDs, from: from, until: until, db)
    }

    private func read(_ from: CalendarDay, _ until: CalendarDay, before: Generations, _ db: Database) throws -> ComplianceFacts {
        var facts = ComplianceFacts(tree: UnitTree([]), officials: [], positions: [], assignments: [], visits: [], ruleSets: [:])
        try read(Set(Part.allCases), from, until, before: before, into: &facts, db)
        return facts
    }

    private func read(
        _ parts: Set<Part>, _ from: CalendarDay, _ until: CalendarDay, before: Generations, into facts: inout ComplianceFacts,
        _ db: Database
    ) throws {
        for part in parts {
            switch part {
            case .tree: facts.tree = try tree(before: before, db)
            case .officials:
                facts.officials = try ReportReader.officials(db)
                facts.positions = try ReportReader.positions(db)
                facts.assignments = try ReportReader.assignments(db)
            case .members: (facts.memberships, facts.statuses) = try ReportReader.officialsMembership(db)
            case .visits: facts.visits = try ReportReader.visits(from: from, until: until, scope: nil, db)
            case .rules: facts.ruleSets = try ReportReader.ruleSets(db)
            }
        }
    }

    /// Counts committed changes to the parts' tables; `visitRowIDs` are the visits the commit inserted, nil if it
    /// did more to them.
    fileprivate func changed(_ parts: Set<Part>, visitRowIDs: [Int64]?) {
        state.withLock { state in
            for part in parts { state.generations.counts[part.rawValue] += 1 }
            guard parts.contains(.visits) else { return }
            let rowIDs = visitRowIDs.flatMap { $0.count <= Self.visitCatchUpLimit ? $0 : nil }
            state.visitInserts.append((state.generations[.visits], rowIDs))
            if state.visitInserts.count > Self.visitLogLength { state.visitInserts.removeFirst() }
        }
    }

    /// The observer to add to the store's writer.
    func observer() -> some TransactionObserver { Observer(facts: self) }

    private final class Observer: TransactionObserver, @unchecked Sendable {
        // Only the writer's queue calls an observer, one call at a time.
        private let facts: WarmFacts
        private var dirty: Set<Part> = []
        /// The visits this transaction inserted; nil once it updates or deletes one, or stops listening.
        private var visitRowIDs: [Int64]? = []
        private static let parts: [String: [Part]] = Dictionary(
            grouping: Part.allCases.flatMap { part in part.tables.map { ($0, part) } }, by: \.0
        ).mapValues { $0.map(\.1) }

        init(facts: WarmFacts) { self.facts = facts }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { WarmFacts.tables.contains(eventKind.tableName) }

        func databaseDidChange(with event: DatabaseEvent) {
            dirty.formUnion(Self.parts[event.tableName] ?? [])
            if event.tableName == "visit" {
                if event.kind == .insert, visitRowIDs != nil { visitRowIDs!.append(event.rowID) } else { visitRowIDs = nil }
            }
            // Once every part is known to change, the rest of the transaction's rows need not call back.
            if dirty.count == Part.allCases.count {
                visitRowIDs = nil
                stopObservingDatabaseChangesUntilNextTransaction()
            }
        }

        func databaseDidCommit(_ db: Database) {
            if !dirty.isEmpty { facts.changed(dirty, visitRowIDs: visitRowIDs) }
            dirty = []
            visitRowIDs = []
        }

        func databaseDidRollback(_ db: Database) {
            dirty = []
            visitRowIDs = []
        }
    }
}

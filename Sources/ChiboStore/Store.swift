import Foundation
import GRDB

/// The daemon's one SQLite database: a WAL-mode pool, foreign keys on, every change in one transaction.
/// The pool stays inside: the server and the tools use the focused methods of these extensions, and SQL lives
/// only in this module.
public final class Store: Sendable {
    let pool: any DatabaseWriter
    /// Every write of a request goes through it: concurrent writes share one commit and one sync.
    let groupCommit: GroupCommit
    private let hash: @Sendable (Data) -> Data
    /// What compliance and visits by level read, kept between reports until a write changes it.
    let warmFacts = WarmFacts()
    /// The cells' months that participation, quality and regularity read, kept between reports.
    let keptMonths = KeptCellMonths()

    /// - Parameter hash: the journal's chain hash (SHA-256 in the daemon); passed in so the store needs no
    ///   crypto library of its own.
    private init(
        pool: any DatabaseWriter, hash: @Sendable @escaping (Data) -> Data, writable: Bool = true, maxCommitGroup: Int = 256
    ) throws {
        self.pool = pool
        self.groupCommit = GroupCommit(writer: pool, maxGroup: maxCommitGroup)
        self.hash = hash
        guard writable else { return }
        // GRDB sets synchronous=NORMAL on the writer when it turns WAL on, after any prepareDatabase hook:
        // a commit would then reach the WAL file but not the disk. FULL syncs the WAL at every commit, so a
        // write is on disk before the daemon answers it (docs/schema.md, "Durability").
        // The WAL grows to the largest transaction (an import of the province leaves 150 MB); once it has been
        // checkpointed, SQLite cuts it back to `walSizeLimit` instead of keeping it on disk for good.
        try pool.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA synchronous = FULL; PRAGMA journal_size_limit = \(Self.walSizeLimit)")
        }
        try Migrations.migrator.migrate(pool)
        pool.add(transactionObserver: warmFacts.observer(), extent: .databaseLifetime)
    }

    /// What the WAL file is cut back to after a checkpoint, in bytes.
    public static let walSizeLimit = 64 << 20

    /// The writer connection's `PRAGMA journal_size_limit`, for tests.
    public func journalSizeLimit() async throws -> Int {
        try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA journal_size_limit") ?? -1 }
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL), for tests and `chibod` diagnostics.
    public func synchronousMode() async throws -> Int {
        try await pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Creates a new database file; refuses one that exists.
    public static func create(at path: String, hash: @Sendable @escaping (Data) -> Data) throws -> Store {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.conflict, "database already exists at \(path)")
        }
        return try Store(pool: DatabasePool(path: path, configuration: configuration), hash: hash)
    }

    /// Opens an existing database and applies any migrations it lacks.
    /// - Parameter maxCommitGroup: the most concurrent writes one commit takes (1: a commit, and a sync, per write).
    public static func open(at path: String, hash: @Sendable @escaping (Data) -> Data, maxCommitGroup: Int = 256) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notFound, "no database at \(path)")
        }
        return try Store(pool: DatabasePool(path: path, configuration: configuration), hash: hash, maxCommitGroup: maxCommitGroup)
    }

    /// Opens a database to read only, as it is: no migration, no write (an audit of a backup must not change it).
    public static func openReadOnly(at path: String, hash: @Sendable @escaping (Data) -> Data) throws -> Store {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notFound, "no database at \(path)")
        }
        var config = configuration
        config.readonly = true
        return try Store(pool: DatabasePool(path: path, configuration: config), hash: hash, writable: false)
    }

    /// A database in memory, for tests of the store: migrated, and gone when the store is.
    public static func inMemory(hash: @Sendable @escaping (Data) -> Data) throws -> Store {
        try Store(pool: DatabaseQueue(configuration: configuration), hash: hash)
    }

    /// Closes the database; the store cannot be used afterwards.
    public func close() throws {
        if let pool = pool as? DatabasePool { try pool.close() } else if let queue = pool as? DatabaseQueue { try queue.close() }
    }

    /// `PRAGMA integrity_check`: ["ok"] when the file is sound.
    public func integrityCheck() async throws -> [String] {
        try await pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    private static var configuration: Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // Each write of a group runs in a savepoint: its statement journal stays in memory instead of a
            // temporary file written and read back for every write.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return config
    }

    /// Appends a journal entry inside the caller's transaction, chained to the last one.
    func appendJournal(_ input: JournalInput, in db: Database) throws {
        let previous =
            try Data.fetchOne(db.cachedStatement(sql: "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1"))
            ?? JournalEntry.genesis
        let entry = JournalEntry(
            seq: nil, keyID: input.keyID, requestID: input.requestID, operation: input.operation,
            envelope: input.envelope, previousHash: previous, hash: hash(previous + input.envelope), at: input.at)
        try entry.insert(db)
    }

    /// Checks the whole chain; returns the number of entries, or throws `corrupt` naming the first bad one.
    public func verifyJournal() async throws -> Int {
        let entries = try await pool.read { try JournalEntry.order(Column("seq")).fetchAll($0) }
        var previous = JournalEntry.genesis
        for entry in entries {
            guard entry.previousHash == previous, entry.hash == hash(previous + entry.envelope) else {
                throw StoreError(.corrupt, "journal entry \(entry.seq ?? -1) breaks the hash chain")
            }
            previous = entry.hash
        }
        return entries.count
    }

    /// How many entries the journal holds, of one kind of write (`put_records`, `import_chunk 0`...) or all.
    public func journalCount(operation: String? = nil) async throws -> Int {
        try await pool.read { db in
            guard let operation else { return try JournalEntry.fetchCount(db) }
            return try JournalEntry.filter(Column("operation") == operation).fetchCount(db)
        }
    }

    /// Runs `visit` over every journal entry in order, in one read transaction, without holding them all in
    /// memory; `visit` returns false to stop. Returns the final state.
    public func scanJournal<State: Sendable>(
        _ initial: State, _ visit: @escaping @Sendable (inout State, JournalEntry) throws -> Bool
    ) async throws -> State {
        try await pool.read { db in
            var state = initial
            let cursor = try JournalEntry.order(Column("seq")).fetchCursor(db)
            while let entry = try cursor.next(), try visit(&state, entry) {}
            return state
        }
    }

    /// SHA-256 of `previous` followed by `envelope`: how each journal entry's hash is computed.
    public func chainHash(_ previous: Data, _ envelope: Data) -> Data {
        hash(previous + envelope)
    }

    public func journal() async throws -> [JournalEntry] {
        try await pool.read { try JournalEntry.order(Column("seq")).fetchAll($0) }
    }
}

/// What a write hands the journal: who signed it, and the envelope as received.
public struct JournalInput: Sendable {
    public var keyID: String
    public var requestID: Data
    public var operation: String
    public var envelope: Data
    public var at: Int64

    public init(keyID: String, requestID: Data, operation: String, envelope: Data, at: Int64) {
        self.keyID = keyID
        self.requestID = requestID
        self.operation = operation
        self.envelope = envelope
        self.at = at
    }
}

extension Store {
    /// A consistent copy of the whole database written to `path`, taken by `VACUUM INTO` on a reader
    /// connection: it sees one snapshot, and writes go on meanwhile. (A `cp` of a live WAL database is not a
    /// copy: it misses what is still in the WAL and may catch a page half-written.)
    public func snapshot(to path: String) async throws {
        try await pool.unsafeRead { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
    }
}

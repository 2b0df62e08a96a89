import ChiboModel
import GRDB

/// A record kind's side of the database: its tables, how a record is written (with the checks only the
/// database can make), read back and listed, and which units it falls under for a scoped key. Each model kind
/// conforms once, in `Kinds/`; the store loops over `StoredKinds.all` instead of switching on the kind.
protocol StoredRecord: DomainRecord {
    /// The tables its rows live in (the first is its own), for `Store.counts`.
    static var tables: [String] { get }
    /// The `list_records` filters it honours besides `id`, `limit` and `page_token` (PROTOCOL.md §7).
    static var filters: Set<ListFilter> { get }
    /// The column `id` is matched against; nil for kinds without a single id, which `show` cannot name.
    static var idColumn: String? { get }
    /// Its listing query, with the conditions the filter's fields add.
    static func query(_ filter: RecordFilter) -> RecordQuery
    /// Rebuilds a record from a row of its query.
    static func read(_ row: Row, _ db: Database) throws -> Self
    /// Schema changes it brings, applied after the core migrations in `RecordKinds.all` order; a name never
    /// changes once shipped.
    static var migrations: [(name: String, migrate: @Sendable (Database) throws -> Void)] { get }

    /// Writes it inside the caller's transaction: unchanged when an identical record is stored, a conflict when
    /// another is stored under the same key.
    func insert(in db: Database) throws -> DomainWriter.Outcome
    /// The same within a write of many records, with what earlier records of the write looked up.
    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome
    /// The units a scoped key must hold to write it.
    func scope(_ db: Database) throws -> RecordScope
}

extension StoredRecord {
    static var migrations: [(name: String, migrate: @Sendable (Database) throws -> Void)] { [] }

    func insert(in db: Database, lookups: WriteLookups) throws -> DomainWriter.Outcome { try insert(in: db) }
}

/// A `list_records` filter, named as on the wire.
enum ListFilter: String, Sendable, CaseIterable, Comparable {
    case search
    case unitID = "unit_id"
    case memberID = "member_id"
    case officialID = "official_id"
    case from, until

    static func < (a: ListFilter, b: ListFilter) -> Bool { a.rawValue < b.rawValue }
}

/// Which units a record falls under, for a key scoped to a subtree.
enum RecordScope {
    /// Not tied to a unit (members, officials): any key that may write may write it.
    case anywhere
    /// Tied to no unit a scope can hold (a level, a top unit): only an unscoped key writes it.
    case unscopedOnly
    /// Each of these units must lie in the key's subtree.
    case units([String])
}

/// A SQL listing: the select, the conditions the filter adds, their arguments and the order.
struct RecordQuery {
    var select: String
    var conditions: [String] = []
    var arguments: [String: (any DatabaseValueConvertible)?] = [:]
    var order: String

    init(_ select: String, order: String) {
        self.select = select
        self.order = order
    }

    mutating func when(_ value: String?, _ condition: String, _ name: String) {
        guard let value else { return }
        conditions.append(condition)
        arguments[name] = value
    }

    /// `column` within the subtree of the filter's unit, when it names one.
    mutating func inSubtree(_ filter: RecordFilter, _ condition: String) {
        if filter.unitID != nil { conditions.append(condition) }
    }

    mutating func search(_ filter: RecordFilter, column: String = "nameSearch") {
        when(filter.search.map { "%" + VietnameseText.searchKey($0) + "%" }, "\(column) LIKE :search", "search")
    }

    mutating func dated(_ filter: RecordFilter, _ column: String) {
        when(filter.from?.iso, "\(column) >= :from", "from")
        when(filter.until?.iso, "\(column) <= :until", "until")
    }
}

/// The kinds the store holds: every registered model kind, which must conform to `StoredRecord`.
enum StoredKinds {
    static let all: [any StoredRecord.Type] = RecordKinds.all.compactMap { $0 as? any StoredRecord.Type }

    static func type(of kind: RecordKind) throws -> any StoredRecord.Type {
        guard let type = all.first(where: { $0.kind == kind }) else {
            throw StoreError(.invalidArgument, "kind \"\(kind)\" is not one of: \(all.map { $0.kind.rawValue }.joined(separator: ", "))")
        }
        return type
    }

    /// The registered model kinds that have no table: a wiring mistake `StoreTests` reports.
    static var missing: [RecordKind] {
        RecordKinds.all.filter { $0 as? any StoredRecord.Type == nil }.map { $0.kind }
    }
}

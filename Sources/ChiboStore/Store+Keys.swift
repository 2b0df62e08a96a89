import ChiboModel
import Foundation
import GRDB

extension Store {
    public func keys(includeRevoked: Bool = true) async throws -> [EnrolledKey] {
        try await pool.read { db in
            var request = EnrolledKey.order(Column("createdAt"), Column("id"))
            if !includeRevoked { request = request.filter(Column("status") == "active") }
            return try request.fetchAll(db)
        }
    }

    public func key(id: String) async throws -> EnrolledKey? {
        try await pool.read { try EnrolledKey.fetchOne($0, key: id) }
    }

    /// Enrols a key; `conflict` when the same public key is already enrolled, active or revoked
    /// (a revoked key stays revoked: enrol a new one instead).
    public func enrol(_ key: EnrolledKey, journal: JournalInput?, idempotency: Idempotency<EnrolledKey>? = nil) async throws {
        // The enrolled key is returned only so the idempotent answer can be built from it.
        _ = try await groupCommit.write { db in
            try Self.idempotent(idempotency, in: db) {
                if try EnrolledKey.filter(Column("publicKey") == key.publicKey).fetchCount(db) > 0 {
                    throw StoreError(.conflict, "key \(key.id) is already enrolled")
                }
                try key.insert(db)
                if let journal { try self.appendJournal(journal, in: db) }
                return key
            }
        }
    }

    /// Enrols the first admin of a new database, synchronously: `chibod init` runs before any event loop.
    public func enrolFirstAdmin(_ key: EnrolledKey) throws {
        try pool.write { db in
            guard try EnrolledKey.fetchCount(db) == 0 else {
                throw StoreError(.conflict, "the database already has keys")
            }
            try key.insert(db)
        }
    }

    /// Seeds the levels of a new database, synchronously, as `chibod init` does.
    public func seed(levels: [Level]) throws {
        try pool.write { db in for level in levels { _ = try level.insert(in: db) } }
    }

    /// Marks a key revoked. Revoking the last active admin is refused, so the daemon stays manageable.
    public func revoke(
        id: String, by revoker: String, at time: Int64, journal: JournalInput?,
        idempotency: Idempotency<EnrolledKey>? = nil
    ) async throws -> EnrolledKey {
        try await groupCommit.write { db in
            try Self.idempotent(idempotency, in: db) {
                guard var key = try EnrolledKey.fetchOne(db, key: id) else {
                    throw StoreError(.notFound, "no key \(id)")
                }
                guard key.status == .active else { throw StoreError(.conflict, "key \(id) is already revoked") }
                if key.role == .admin {
                    let admins = try EnrolledKey.filter(Column("role") == "admin" && Column("status") == "active")
                        .fetchCount(db)
                    if admins <= 1 { throw StoreError(.conflict, "key \(id) is the last active admin key") }
                }
                key.status = .revoked
                key.revokedAt = time
                key.revokedBy = revoker
                try key.update(db)
                if let journal { try self.appendJournal(journal, in: db) }
                return key
            }
        }
    }
}

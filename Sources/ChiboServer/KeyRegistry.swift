import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

/// The enrolled keys, cached in memory so checking a request needs no database read. Every change goes
/// through the store first and reaches the cache only once committed.
actor KeyRegistry {
    private let store: Store
    private var keys: [String: EnrolledKey] = [:]

    init(store: Store) async throws {
        self.store = store
        for key in try await store.keys() { keys[key.id] = key }
    }

    /// The key for `id` if it may sign requests today, with its public half.
    func usableKey(_ id: KeyID?, on day: CalendarDay) -> (record: EnrolledKey, key: PublicKey)? {
        guard let id, let record = keys[id.hex], record.isUsable(on: day),
            let key = PublicKey(bytes: record.publicKey)
        else { return nil }
        return (record, key)
    }

    func enrol(_ key: EnrolledKey, journal: JournalInput, idempotency: Idempotency<EnrolledKey>?) async throws {
        try await store.enrol(key, journal: journal, idempotency: idempotency)
        remember(key)
    }

    func revoke(id: String, by revoker: String, at time: Int64, journal: JournalInput,
                idempotency: Idempotency<EnrolledKey>?) async throws -> EnrolledKey {
        let key = try await store.revoke(id: id, by: revoker, at: time, journal: journal, idempotency: idempotency)
        remember(key)
        return key
    }

    /// Puts a committed row in the cache. Enrolment and revocation of one key may finish their awaits in either
    /// order; since a key only ever goes from active to revoked (and is never deleted), a revoked row is never
    /// replaced by an active one, so the cache ends as the database does whatever the order.
    private func remember(_ key: EnrolledKey) {
        if keys[key.id]?.status == .revoked, key.status != .revoked { return }
        keys[key.id] = key
    }

    func all(includeRevoked: Bool) -> [EnrolledKey] {
        keys.values.filter { includeRevoked || $0.status == .active }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}

import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

/// The enrolled keys, cached in memory so checking a request needs no database read. Every change goes
/// through the store first and reaches the cache only once committed; changes run one after another, so the
/// cache takes them in the order the database did.
actor KeyRegistry {
    private let store: Store
    private var keys: [String: EnrolledKey] = [:]
    /// The last change begun; the next waits for it. Set before any suspension, so changes queue in call order.
    private var lastChange: Task<Void, Never> = Task {}

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
        let store = store
        try await serialized {
            try await store.enrol(key, journal: journal, idempotency: idempotency)
            return key
        }
    }

    func revoke(
        id: String, by revoker: String, at time: Int64, journal: JournalInput,
        idempotency: Idempotency<EnrolledKey>?
    ) async throws -> EnrolledKey {
        let store = store
        return try await serialized {
            try await store.revoke(id: id, by: revoker, at: time, journal: journal, idempotency: idempotency)
        }
    }

    /// Runs a change after every change begun before it, and puts the row it committed in the cache before the
    /// next change starts.
    private func serialized(_ change: @escaping @Sendable () async throws -> EnrolledKey) async throws -> EnrolledKey {
        let previous = lastChange
        let task = Task {
            await previous.value
            let key = try await change()
            await self.remember(key)
            return key
        }
        lastChange = Task { _ = try? await task.value }
        return try await task.value
    }

    private func remember(_ key: EnrolledKey) { keys[key.id] = key }

    /// Reads every key again, after a change made outside `enrol` and `revoke` (a recovered journal's).
    func reload() async throws {
        let (previous, store) = (lastChange, store)
        let task = Task {
            await previous.value
            await self.replaceAll(try await store.keys())
        }
        lastChange = Task { _ = try? await task.value }
        try await task.value
    }

    private func replaceAll(_ all: [EnrolledKey]) { keys = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) }) }

    func all(includeRevoked: Bool) -> [EnrolledKey] {
        keys.values.filter { includeRevoked || $0.status == .active }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}

import Foundation
import GRDB
import Synchronization

/// A write's idempotency key and what it asked for, as the daemon records them.
public struct IdempotencyInput: Sendable {
    /// The key id of the request's signer: keys are remembered per signer.
    public var signer: String
    public var key: Data
    /// The operation's name, for people reading the table.
    public var operation: String
    /// A hash of the operation with its arguments: the same key with another body is a conflict.
    public var operationHash: Data
    public var at: Int64

    public init(signer: String, key: Data, operation: String, operationHash: Data, at: Int64) {
        self.signer = signer
        self.key = key
        self.operation = operation
        self.operationHash = operationHash
        self.at = at
    }
}

/// How a write remembers its answer: the key, and how to turn the write's result into the stored answer.
public struct Idempotency<T>: Sendable {
    public var input: IdempotencyInput
    public var encode: @Sendable (T) throws -> Data

    public init(_ input: IdempotencyInput, encode: @escaping @Sendable (T) throws -> Data) {
        self.input = input
        self.encode = encode
    }
}

/// Thrown out of a write's transaction (which rolls it back) when its key had already been answered,
/// carrying that first answer.
public struct IdempotentReplay: Error, Sendable {
    public let response: Data
}

extension Store {
    /// How long answers are kept: a client may retry a write for this long after the first attempt.
    public static let idempotencyRetentionMilliseconds: Int64 = 7 * 24 * 3600 * 1000

    /// The stored answer for this signer's key, nil when the key is new; `conflict` when the key was used
    /// for another operation or other arguments.
    public func recall(_ input: IdempotencyInput) async throws -> Data? {
        try await pool.read { try Self.recall(input, in: $0) }
    }

    static func recall(_ input: IdempotencyInput, in db: Database) throws -> Data? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT operation, operationHash, response FROM idempotency WHERE signer = ? AND key = ?"),
                arguments: [input.signer, input.key])
        else { return nil }
        guard row["operationHash"] == input.operationHash else {
            let operation: String = row["operation"]
            throw StoreError(.conflict, "this idempotency key was already used by another request (\(operation)) with other content")
        }
        return row["response"]
    }

    /// Records the answer inside the write's transaction and, at most once a minute, forgets answers past the
    /// retention time (a minute more or less of keeping them changes nothing; a delete on every write costs).
    static func remember(_ input: IdempotencyInput, response: Data, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO idempotency (signer, key, operation, operationHash, response, createdAt) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [input.signer, input.key, input.operation, input.operationHash, response, input.at])
        let due = lastSweep.withLock { last in
            guard input.at - last >= 60_000 || input.at < last else { return false }
            last = input.at
            return true
        }
        if due {
            try db.cachedStatement(sql: "DELETE FROM idempotency WHERE createdAt < ?")
                .execute(arguments: [input.at - idempotencyRetentionMilliseconds])
        }
    }

    /// When answers past the retention time were last forgotten (Unix ms), in this process.
    private static let lastSweep = Mutex<Int64>(0)

    /// Inside a write's transaction: throws `IdempotentReplay` when the key was answered before, then runs
    /// `body` and records its answer.
    static func idempotent<T>(_ idempotency: Idempotency<T>?, in db: Database, _ body: () throws -> T) throws -> T {
        guard let idempotency else { return try body() }
        if let stored = try recall(idempotency.input, in: db) { throw IdempotentReplay(response: stored) }
        let result = try body()
        try remember(idempotency.input, response: try idempotency.encode(result), in: db)
        return result
    }
}

import Foundation
import GRDB

/// One accepted write: the signed request envelope, chained to the entry before it.
public struct JournalEntry: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "journal"

    public var seq: Int64?
    public var keyID: String
    public var requestID: Data
    public var operation: String
    public var envelope: Data
    public var previousHash: Data
    public var hash: Data
    public var at: Int64

    public init(
        seq: Int64?, keyID: String, requestID: Data, operation: String, envelope: Data, previousHash: Data, hash: Data, at: Int64
    ) {
        self.seq = seq
        self.keyID = keyID
        self.requestID = requestID
        self.operation = operation
        self.envelope = envelope
        self.previousHash = previousHash
        self.hash = hash
        self.at = at
    }

    /// The hash chain starts from 32 zero bytes.
    public static let genesis = Data(repeating: 0, count: 32)
}

import Foundation
import GRDB

/// A lower daemon as its upper daemon knows it: how far its journal has been accepted, and any refused
/// rewrite of that history.
public struct UpstreamPeer: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "upstreamPeer"

    /// The lower daemon's key, enrolled here as a reporter.
    public var keyID: String
    public var unitID: String
    public var acceptedSeq: Int64
    public var chainHead: Data
    public var journalHeadSeq: Int64
    public var bundleMadeAt: Int64?
    public var receivedAt: Int64?
    public var forkSeq: Int64?
    public var forkAt: Int64?
    public var forkProblem: String?

    init(keyID: String, unitID: String) {
        self.keyID = keyID
        self.unitID = unitID
        acceptedSeq = 0
        chainHead = JournalEntry.genesis
        journalHeadSeq = 0
    }
}

/// One journal entry of a lower daemon, as it came up in a bundle.
public struct ReceivedEntry: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "upstreamEntry"

    public var peerKeyID: String
    public var seq: Int64
    public var keyID: String
    public var requestID: Data
    public var operation: String
    public var envelope: Data
    public var previousHash: Data
    public var hash: Data
    public var at: Int64
    public var receivedAt: Int64

    public init(peerKeyID: String, entry: JournalEntry, receivedAt: Int64) {
        self.peerKeyID = peerKeyID
        seq = entry.seq ?? 0
        keyID = entry.keyID
        requestID = entry.requestID
        operation = entry.operation
        envelope = entry.envelope
        previousHash = entry.previousHash
        hash = entry.hash
        at = entry.at
        self.receivedAt = receivedAt
    }

    /// The entry as the lower daemon's journal holds it.
    public var journalEntry: JournalEntry {
        JournalEntry(
            seq: seq, keyID: keyID, requestID: requestID, operation: operation, envelope: envelope, previousHash: previousHash,
            hash: hash, at: at)
    }
}

/// A key of a lower daemon that signed (or enrolled a key that signed) what it sent up.
public struct ReceivedKey: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "upstreamKey"

    public var peerKeyID: String
    public var keyID: String
    public var publicKey: Data
    public var role: String
    public var name: String
    public var scopeUnit: String?
    /// The envelope of the enrol_key request that enrolled it at the lower daemon; empty for its first admin.
    public var enrolment: Data

    public init(
        peerKeyID: String, keyID: String, publicKey: Data, role: String, name: String, scopeUnit: String?, enrolment: Data
    ) {
        self.peerKeyID = peerKeyID
        self.keyID = keyID
        self.publicKey = publicKey
        self.role = role
        self.name = name
        self.scopeUnit = scopeUnit
        self.enrolment = enrolment
    }
}

/// A bundle whose signatures and chain have been checked, ready to be weighed against what was accepted
/// before and applied.
public struct CheckedBundle: Sendable {
    public var peerKeyID: String
    public var unitID: String
    public var fromSeq: Int64
    public var toSeq: Int64
    public var previousChainHead: Data
    public var chainHead: Data
    public var journalHeadSeq: Int64
    public var madeAt: Int64
    public var manifest: Data
    public var signature: Data
    public var entries: [JournalEntry]
    public var keys: [ReceivedKey]

    public init(
        peerKeyID: String, unitID: String, fromSeq: Int64, toSeq: Int64, previousChainHead: Data, chainHead: Data,
        journalHeadSeq: Int64, madeAt: Int64, manifest: Data, signature: Data, entries: [JournalEntry], keys: [ReceivedKey]
    ) {
        self.peerKeyID = peerKeyID
        self.unitID = unitID
        self.fromSeq = fromSeq
        self.toSeq = toSeq
        self.previousChainHead = previousChainHead
        self.chainHead = chainHead
        self.journalHeadSeq = journalHeadSeq
        self.madeAt = madeAt
        self.manifest = manifest
        self.signature = signature
        self.entries = entries
        self.keys = keys
    }
}

/// What applying a bundle came to.
public enum BundleOutcome: Sendable, Equatable {
    /// New entries accepted and their records written (`accepted` 0: the bundle had been applied before).
    case applied(accepted: Int, counts: RecordCounts, acceptedSeq: Int64)
    /// The bundle's chain differs from the accepted one at `seq`: nothing was applied, the fork is recorded.
    case fork(seq: Int64, problem: String)
}

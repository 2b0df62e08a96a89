import ChiboStore
import ChiboWire
import Foundation

/// Reads the journal of signed requests back: re-verifies it whole, or finds the changes of one record.
/// Used by the daemon (`audit_verify`, `audit_show`) and offline on a backup (`chibod audit verify --db`).
public enum JournalAudit {
    private struct Scan: Sendable {
        var previous = JournalEntry.genesis
        var entries: UInt64 = 0
        var signers = Set<String>()
        var bad: (seq: Int64, problem: String)?
    }

    /// Every entry's hash chained to the one before, its envelope signed by the key it names (revoked keys
    /// included: a key revoked later signed validly then), and that key the one the journal records.
    public static func verify(_ store: Store) async throws -> Chibo_V1_AuditReport {
        let started = ContinuousClock.now
        let keys = Dictionary(
            uniqueKeysWithValues: try await store.keys(includeRevoked: true).compactMap { record in
                PublicKey(bytes: record.publicKey).map { (record.id, $0) }
            })
        let scan = try await store.scanJournal(Scan()) { scan, entry in
            let seq = entry.seq ?? -1
            guard entry.previousHash == scan.previous, entry.hash == store.chainHash(scan.previous, entry.envelope) else {
                scan.bad = (seq, "breaks the hash chain (the entry or the one before it was changed or removed)")
                return false
            }
            guard let envelope = try? Chibo_V1_Envelope(serializedBytes: entry.envelope) else {
                scan.bad = (seq, "does not hold a signed envelope")
                return false
            }
            guard let key = keys[entry.keyID] else {
                scan.bad = (seq, "is signed by key \(entry.keyID), which is not enrolled")
                return false
            }
            guard envelope.signerID?.hex == entry.keyID, envelope.verify(with: key, context: .request) else {
                scan.bad = (seq, "has a signature that does not verify with key \(entry.keyID)")
                return false
            }
            scan.previous = entry.hash
            scan.entries += 1
            scan.signers.insert(entry.keyID)
            return true
        }
        let received = scan.bad == nil ? try await verifyReceived(store) : ReceivedScan()
        let elapsed = ContinuousClock.now - started
        return .with {
            $0.ok = scan.bad == nil && received.bad == nil
            $0.entries = scan.entries
            $0.receivedEntries = received.entries
            $0.keys = UInt32(scan.signers.count)
            if scan.entries > 0 { $0.chainHead = scan.previous }
            if let bad = scan.bad {
                $0.firstBadSeq = UInt64(max(0, bad.seq))
                $0.problem = "journal entry \(bad.seq) \(bad.problem)"
            } else if let bad = received.bad {
                $0.firstBadSeq = UInt64(max(0, bad.seq))
                $0.problem = "entry \(bad.seq) received from lower daemon \(bad.peer) \(bad.problem)"
            }
            $0.elapsedUs = UInt64(elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
        }
    }

    private struct ReceivedScan: Sendable {
        var peer = ""
        var previous = JournalEntry.genesis
        var expectedSeq: Int64 = 1
        var entries: UInt64 = 0
        var bad: (peer: String, seq: Int64, problem: String)?
    }

    /// Each lower daemon's received entries, as its own chain from the start, every envelope signed by the key
    /// its bundles listed.
    private static func verifyReceived(_ store: Store) async throws -> ReceivedScan {
        var keys: [String: PublicKey] = [:]
        for key in try await store.receivedKeys() { keys[key.peerKeyID + key.keyID] = PublicKey(bytes: key.publicKey) }
        return try await store.scanReceived(ReceivedScan()) { [keys] scan, entry in
            if entry.peerKeyID != scan.peer {
                scan.peer = entry.peerKeyID
                scan.previous = JournalEntry.genesis
                scan.expectedSeq = 1
            }
            let problem: String? =
                if entry.seq != scan.expectedSeq {
                    "is out of sequence (entry \(scan.expectedSeq) is missing)"
                } else if entry.previousHash != scan.previous || entry.hash != store.chainHash(scan.previous, entry.envelope) {
                    "breaks the lower daemon's hash chain (the entry or the one before it was changed or removed)"
                } else if let key = keys[entry.peerKeyID + entry.keyID],
                    let envelope = try? Chibo_V1_Envelope(serializedBytes: entry.envelope),
                    envelope.signerID?.hex == entry.keyID, envelope.verify(with: key, context: .request)
                {
                    nil
                } else {
                    "has a signature that does not verify with key \(entry.keyID)"
                }
            if let problem {
                scan.bad = (entry.peerKeyID, entry.seq, problem)
                return false
            }
            scan.previous = entry.hash
            scan.expectedSeq += 1
            scan.entries += 1
            return true
        }
    }

    /// The journal entries whose request wrote the record `kind`/`id`, oldest first. A member's changes include
    /// its memberships and statuses, an official's its positions. It reads the whole journal.
    public static func show(_ store: Store, kind: String, id: String) async throws -> Chibo_V1_AuditTrail {
        let kinds = Chibo_V1_AuditShowRequest.kinds
        guard kinds.contains(kind) else {
            throw WireError(.invalidArgument, "kind \"\(kind)\" is not one of: \(kinds.joined(separator: ", "))")
        }
        guard !id.isEmpty else { throw WireError(.invalidArgument, "id is empty") }
        let names = Dictionary(uniqueKeysWithValues: try await store.keys(includeRevoked: true).map { ($0.id, $0.name) })
        let changes = try await store.scanJournal([Chibo_V1_AuditChange]()) { changes, entry in
            changes += Self.changes(entry, signedBy: names[entry.keyID] ?? "", kind: kind, id: id)
            return true
        }
        let received = try await receivedChanges(store, kind: kind, id: id)
        return .with { $0.changes = changes + received }
    }

    /// The changes of the record that came up from lower daemons, signed by their own clerks.
    private static func receivedChanges(_ store: Store, kind: String, id: String) async throws -> [Chibo_V1_AuditChange] {
        var names: [String: String] = [:]
        for key in try await store.receivedKeys() { names[key.peerKeyID + key.keyID] = key.name }
        let units = Dictionary(uniqueKeysWithValues: try await store.upstreamPeers().map { ($0.keyID, $0.unitID) })
        return try await store.scanReceived([Chibo_V1_AuditChange]()) { [names] changes, entry in
            for var change in Self.changes(entry.journalEntry, signedBy: names[entry.peerKeyID + entry.keyID] ?? "", kind: kind, id: id) {
                change.originKeyID = KeyID(hex: entry.peerKeyID)?.data ?? Data()
                change.originUnit = units[entry.peerKeyID] ?? ""
                changes.append(change)
            }
            return true
        }
    }

    /// The changes one journalled request made to the record asked for (none when it did not touch it).
    private static func changes(_ entry: JournalEntry, signedBy name: String, kind: String, id: String) -> [Chibo_V1_AuditChange] {
        guard let envelope = try? Chibo_V1_Envelope(serializedBytes: entry.envelope),
            let request = try? Chibo_V1_Request(serializedBytes: envelope.body)
        else { return [] }
        return touches(request.operation, kind: kind, id: id).map { detail in
            .with {
                $0.seq = UInt64(entry.seq ?? 0)
                $0.atMs = entry.at
                $0.keyID = KeyID(hex: entry.keyID)?.data ?? Data()
                $0.keyName = name
                $0.requestID = entry.requestID
                $0.operation = entry.operation
                $0.detail = detail
            }
        }
    }

    /// What in `operation` wrote the record: one line per matching part (empty when nothing did).
    static func touches(_ operation: Chibo_V1_Request.OneOf_Operation?, kind: String, id: String) -> [String] {
        switch operation {
        case .putRecords(let request): return request.records.compactMap { touches($0, kind: kind, id: id) }
        case .importChunk(let request): return request.records.compactMap { touches($0, kind: kind, id: id) }
        case .endRecord(let request):
            let target: (String, String) =
                switch request.kind {
                case "unit": ("unit", request.id)
                case "membership", "member_status": ("member", request.memberID)
                case "position": ("official", request.officialID)
                default: ("", "")
                }
            return target == (kind, id) ? ["end \(request.kind) until \(request.until)"] : []
        case .enrolKey(let request):
            return kind == "key" && PublicKey(bytes: request.publicKey)?.id.hex == id ? ["enrol \(request.role)"] : []
        case .revokeKey(let request):
            return kind == "key" && KeyID(data: request.keyID)?.hex == id ? ["revoke"] : []
        case .putRuleSet(let request):
            guard kind == "rule_set", ruleSetID(request.source) == id else { return [] }
            return ["rule set for \(request.unitIds.joined(separator: ", "))"]
        default:
            return []
        }
    }

    /// The id a rule-set text declares on its `ruleset ID` line (docs/rules.md).
    private static func ruleSetID(_ source: String) -> String? {
        for line in source.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "ruleset", words.count > 1 { return String(words[1]) }
        }
        return nil
    }

    /// What a journalled record did to the record asked for, if it touched it (`DomainRecord.auditSubjects`).
    private static func touches(_ record: Chibo_V1_Record, kind: String, id: String) -> String? {
        guard !id.isEmpty, let decoded = try? record.decoded(today: .farFuture) else { return nil }
        return decoded.auditSubjects.first { $0.kind == kind && $0.id == id }?.what
    }
}

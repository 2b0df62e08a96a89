import ChiboModel
import ChiboStore
import ChiboWire
import Foundation
import Logging

/// Making bundles of this daemon's journal, and applying a checked bundle's requests at the upper daemon.
struct UpstreamBundles: Sendable {
    let store: Store
    let daemonKey: SigningKey
    let limits: ProtocolLimits

    /// Entries a bundle holds when the caller names no size: about half a frame, so a bundle always travels
    /// in one frame with room to spare.
    var defaultMaxBytes: Int { Int(limits.maxFrameBytes) / 2 }

    /// The next segment from `from`, signed by the daemon key; no entries once `from` is past the journal's end.
    func make(from: Int64, maxBytes: Int) async throws -> Chibo_V1_UpstreamExportResponse {
        let cap = maxBytes <= 0 ? defaultMaxBytes : min(maxBytes, defaultMaxBytes)
        let segment = try await store.journalSegment(from: from, maxBytes: cap)
        guard !segment.entries.isEmpty else { return .with { $0.journalHeadSeq = UInt64(segment.head) } }
        let tops = try await store.topUnits()
        guard tops.count <= 1 else {
            throw WireError(
                .failedPrecondition,
                "this daemon holds \(tops.count) top units (\(tops.prefix(5).joined(separator: ", "))): "
                    + "a daemon that reports upward holds one subtree, under one top unit")
        }
        let keys = try await bundleKeys(signers: Set(segment.entries.map(\.keyID)))
        let entries = segment.entries.map(Chibo_V1_BundleEntry.init)
        let bundle = Chibo_V1_Bundle.make(
            entries: entries, previousChainHead: segment.previousHash, unitID: tops.first ?? "",
            journalHeadSeq: UInt64(segment.head), keys: keys, daemonKey: daemonKey, now: ServerContext.nowMilliseconds())
        return .with {
            $0.bundle = bundle
            $0.journalHeadSeq = UInt64(segment.head)
        }
    }

    /// The bundle accepted from a lower daemon that holds `from` and goes furthest, exactly as that daemon
    /// signed it; no entries when none does.
    func received(from peer: KeyID, from: Int64) async throws -> Chibo_V1_UpstreamExportResponse {
        let accepted = try await store.upstreamPeer(peer.hex)?.acceptedSeq ?? 0
        guard let stored = try await store.receivedBundles(peer: peer.hex, from: from, limit: 1).first else {
            return .with { $0.journalHeadSeq = UInt64(accepted) }
        }
        return .with {
            $0.bundle = .with {
                $0.manifest = stored.manifest
                $0.signature = stored.signature
                $0.entries = stored.entries.map(Chibo_V1_BundleEntry.init)
            }
            $0.journalHeadSeq = UInt64(accepted)
        }
    }

    /// The keys that signed the entries and, back to the first admin, the keys that enrolled them, each with the
    /// journalled request that enrolled it.
    private func bundleKeys(signers: Set<String>) async throws -> [Chibo_V1_BundleKey] {
        let enrolled = Dictionary(uniqueKeysWithValues: try await store.keys().map { ($0.id, $0) })
        var enrolments: [Data: Data] = [:]
        for entry in try await store.journal(operation: "enrol_key") {
            guard let envelope = try? Chibo_V1_Envelope(serializedBytes: entry.envelope),
                case .enrolKey(let request)? = try? Chibo_V1_Request(serializedBytes: envelope.body).operation
            else { continue }
            enrolments[request.publicKey] = entry.envelope
        }
        var needed = signers
        var pending = Array(signers)
        while let id = pending.popLast() {
            guard let creator = enrolled[id]?.createdBy, !needed.contains(creator) else { continue }
            needed.insert(creator)
            pending.append(creator)
        }
        return needed.sorted().compactMap { id in
            guard let key = enrolled[id] else { return nil }
            return .with {
                $0.publicKey = key.publicKey
                $0.role = .init(key.role)
                $0.name = key.name
                $0.scopeUnit = key.scopeUnit ?? ""
                $0.enrolment = enrolments[key.publicKey] ?? Data()
            }
        }
    }

    /// Does again, at the daemon that first did it, what one of its own recovered entries did: records, ends,
    /// keys and rule sets alike, with the entry's signer and time.
    static func replay(_ request: Chibo_V1_Request, entry: JournalEntry, sink: RecordSink, today: CalendarDay, logger: Logger) throws {
        let seq = entry.seq ?? 0
        do {
            switch request.operation {
            case .putRecords(let put): for record in put.records { try sink.insert(try record.decoded(today: today)) }
            case .importChunk(let chunk): for record in chunk.records { try sink.insert(try record.decoded(today: today)) }
            case .endRecord(let end):
                let (target, _, until) = try RequestRouter.endTarget(end)
                try sink.end(target, until: until)
            case .enrolKey(let enrol): try sink.enrol(try RequestRouter.enrolledKey(enrol, by: entry.keyID, at: entry.at))
            case .revokeKey(let revoke):
                try sink.revoke(id: KeyID(data: revoke.keyID)?.hex ?? "", by: entry.keyID, at: entry.at)
            case .putRuleSet(let put):
                try sink.putRuleSet(source: put.source, unitIDs: put.unitIds, keyID: entry.keyID, at: entry.at)
            default:
                break
            }
        } catch {
            throw entryError(error, seq: seq, logger: logger)
        }
    }

    /// A refusal met while redoing or applying an entry, told as the wire error it is, prefixed with the entry
    /// (and the part of it) that met it.
    private static func entryError(_ error: any Error, seq: Int64, what: String = "", logger: Logger) -> WireError {
        var wire = ErrorFunnel.wireError(error, logger: logger)
        wire.message = "entry \(seq)\(what): \(wire.message)"
        wire.recordIndex = nil
        return wire
    }

    /// Writes what one checked entry's request wrote at the lower daemon. Keys and rule sets stay the lower
    /// daemon's own business: they are kept with the entry as provenance, not applied here.
    static func apply(
        _ request: Chibo_V1_Request, seq: Int64, sink: RecordSink, scope: String, today: CalendarDay, logger: Logger
    ) throws {
        func failure(_ error: any Error, _ what: String) -> WireError { entryError(error, seq: seq, what: what, logger: logger) }
        func outside(_ what: String) -> WireError {
            WireError(
                .forbidden, "entry \(seq)\(what) lies outside \(scope), the subtree this lower daemon reports",
                reason: "out_of_scope")
        }
        let records: [Chibo_V1_Record]
        switch request.operation {
        case .putRecords(let put): records = put.records
        case .importChunk(let chunk): records = chunk.records
        case .endRecord(let end):
            let what = ", end \(end.kind)"
            do {
                let (target, unit, until) = try RequestRouter.endTarget(end)
                guard try sink.end(reported: target, unit: unit, until: until, scope: scope) else { throw outside(what) }
            } catch let error as WireError where error.reason == "out_of_scope" {
                throw error
            } catch {
                throw failure(error, what)
            }
            return
        default:
            return
        }
        for (index, record) in records.enumerated() {
            let what = ", record \(index + 1)"
            let inside: Bool
            do {
                inside = try sink.insert(reported: try record.decoded(today: today), scope: scope)
            } catch {
                throw failure(error, what)
            }
            guard inside else { throw outside(what) }
        }
    }
}

extension Chibo_V1_BundleEntry {
    init(_ entry: JournalEntry) {
        self = .with {
            $0.seq = UInt64(entry.seq ?? 0)
            $0.keyID = KeyID(hex: entry.keyID)?.data ?? Data()
            $0.requestID = entry.requestID
            $0.operation = entry.operation
            $0.envelope = entry.envelope
            $0.previousHash = entry.previousHash
            $0.hash = entry.hash
            $0.atMs = entry.at
        }
    }
}

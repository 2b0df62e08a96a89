import ChiboModel
import Foundation
import SwiftProtobuf

/// A bundle whose every signature and hash has been checked, with its keys by id.
public struct CheckedBundleContents: Sendable {
    public let manifest: Chibo_V1_BundleManifest
    public let daemonKey: PublicKey
    public let keys: [KeyID: Chibo_V1_BundleKey]
    /// The request each entry carries, in entry order.
    public let requests: [Chibo_V1_Request]
}

extension Chibo_V1_Bundle {
    /// Signs a segment of a daemon's journal: the manifest fixes the range, the chain heads at both ends and
    /// the keys, so with the entries' chain it fixes every byte of the bundle.
    public static func make(
        entries: [Chibo_V1_BundleEntry], previousChainHead: Data, unitID: String, journalHeadSeq: UInt64,
        keys: [Chibo_V1_BundleKey], daemonKey: SigningKey, now: Int64
    ) -> Chibo_V1_Bundle {
        let manifest = Chibo_V1_BundleManifest.with {
            $0.unitID = unitID
            $0.fromSeq = entries.first?.seq ?? 0
            $0.toSeq = entries.last?.seq ?? 0
            $0.previousChainHead = previousChainHead
            $0.chainHead = entries.last?.hash ?? previousChainHead
            $0.daemonPublicKey = Data(daemonKey.publicKey.bytes)
            $0.createdAtMs = now
            $0.journalHeadSeq = journalHeadSeq
            $0.keys = keys
            $0.entryCount = UInt32(entries.count)
            $0.entriesSha256 = Self.entriesHash(entries)
        }
        // Encoding a message built here cannot fail.
        let bytes: [UInt8] = try! manifest.serializedBytes()
        return .with {
            $0.manifest = Data(bytes)
            $0.signature = Data(daemonKey.signature(over: SignatureContext.bundle.signedBytes(body: bytes)))
            $0.entries = entries
        }
    }

    /// Checks the bundle with nothing but itself: the manifest's signature by the daemon key it names (which
    /// must be `trust` when given), every key's enrolment back to that daemon, and every entry in order: its
    /// place in the range, its hash chained to the one before, its envelope signed by a listed key whose role
    /// may ask for it. Throws `invalid_argument` (reason `bad_bundle`) naming the first thing that fails.
    public func check(trust: KeyID? = nil, limits: ProtocolLimits = ProtocolLimits()) throws -> CheckedBundleContents {
        func bad(_ message: String) -> WireError { WireError(.invalidArgument, message, reason: "bad_bundle") }
        guard let manifest = try? Chibo_V1_BundleManifest(serializedBytes: manifest, options: .untrusted(limits)) else {
            throw bad("the bundle's manifest is not a manifest")
        }
        guard let daemonKey = PublicKey(bytes: manifest.daemonPublicKey) else { throw bad("the manifest names no daemon key") }
        guard daemonKey.isValidSignature(Array(signature), over: SignatureContext.bundle.signedBytes(body: Array(self.manifest))) else {
            throw bad("the manifest's signature does not verify with the daemon key it names (\(daemonKey.id)): the bundle was changed")
        }
        if let trust, daemonKey.id != trust {
            throw bad("the bundle was made by daemon key \(daemonKey.id), not the trusted \(trust)")
        }
        let keys = try Self.checkKeys(manifest.keys, limits: limits, bad)
        guard manifest.entryCount == entries.count, !entries.isEmpty,
            manifest.toSeq >= manifest.fromSeq, manifest.toSeq - manifest.fromSeq + 1 == entries.count
        else {
            throw bad(
                "the manifest's range \(manifest.fromSeq)–\(manifest.toSeq) does not match the \(entries.count) entries the bundle holds")
        }
        guard Self.entriesHash(entries) == manifest.entriesSha256 else {
            throw bad("the entries' times or request ids are not those the manifest signs: entries were changed")
        }
        var previous = manifest.previousChainHead
        var requests: [Chibo_V1_Request] = []
        requests.reserveCapacity(entries.count)
        for (offset, entry) in entries.enumerated() {
            let seq = manifest.fromSeq + UInt64(offset)
            func badEntry(_ problem: String) -> WireError { bad("entry \(seq): \(problem)") }
            guard entry.seq == seq else {
                throw badEntry("is numbered \(entry.seq): entries must run from \(manifest.fromSeq) without a gap")
            }
            guard entry.previousHash == previous else { throw badEntry("does not follow the entry before it (its previous hash differs)") }
            guard Data(Sodium.sha256(previous + entry.envelope)) == entry.hash else {
                throw badEntry("its hash does not match its contents: the entry was changed")
            }
            guard let envelope = try? Chibo_V1_Envelope(serializedBytes: entry.envelope, options: .untrusted(limits)),
                let request = try? Chibo_V1_Request(serializedBytes: envelope.body, options: .untrusted(limits))
            else { throw badEntry("does not hold a signed request") }
            guard let signer = envelope.signerID, signer.data == entry.keyID, let key = keys[signer],
                let publicKey = PublicKey(bytes: key.publicKey)
            else { throw badEntry("is signed by a key the bundle does not list") }
            guard envelope.verify(with: publicKey, context: .request) else {
                throw badEntry("its signature does not verify with key \(signer) (\(key.name)): the request was changed")
            }
            guard entry.operation == Self.journalName(request.operation) else {
                throw badEntry("its operation is not the signed request's")
            }
            // An import's staged chunks are journalled under the id of the last chunk, which applied them.
            if case .importChunk(let chunk)? = request.operation, !chunk.last {
            } else if entry.requestID != request.requestID {
                throw badEntry("its request id is not the signed request's")
            }
            if let problem = Self.roleProblem(request.operation, key.role) { throw badEntry(problem) }
            previous = entry.hash
            requests.append(request)
        }
        guard previous == manifest.chainHead else {
            throw bad("the last entry's hash is not the chain head the manifest signs: entries were changed")
        }
        return CheckedBundleContents(manifest: manifest, daemonKey: daemonKey, keys: keys, requests: requests)
    }

    /// Each key is the first admin (vouched for by the daemon's signature on the manifest) or comes with the
    /// enrol_key request that enrolled it, signed by a listed admin and naming that very key and role.
    private static func checkKeys(
        _ list: [Chibo_V1_BundleKey], limits: ProtocolLimits, _ bad: (String) -> WireError
    ) throws -> [KeyID: Chibo_V1_BundleKey] {
        var keys: [KeyID: Chibo_V1_BundleKey] = [:]
        for key in list {
            guard let publicKey = PublicKey(bytes: key.publicKey) else { throw bad("a listed key is not an Ed25519 public key") }
            keys[publicKey.id] = key
        }
        for (id, key) in keys where !key.enrolment.isEmpty {
            guard let envelope = try? Chibo_V1_Envelope(serializedBytes: key.enrolment, options: .untrusted(limits)),
                let request = try? Chibo_V1_Request(serializedBytes: envelope.body, options: .untrusted(limits)),
                case .enrolKey(let enrol)? = request.operation, enrol.publicKey == key.publicKey, enrol.role == key.role
            else { throw bad("key \(id) (\(key.name)): its enrolment is not the enrol_key request for it") }
            guard let signerID = envelope.signerID, let signer = keys[signerID], signer.role == .admin,
                let signerKey = PublicKey(bytes: signer.publicKey), envelope.verify(with: signerKey, context: .request)
            else { throw bad("key \(id) (\(key.name)): its enrolment is not signed by a listed admin key") }
        }
        return keys
    }

    /// The name a daemon's journal gives the operation: an import's chunks are numbered.
    static func journalName(_ operation: Chibo_V1_Request.OneOf_Operation?) -> String {
        guard let operation else { return "" }
        if case .importChunk(let chunk) = operation { return "import_chunk \(chunk.chunkIndex)" }
        return operation.name
    }

    static func entriesHash(_ entries: [Chibo_V1_BundleEntry]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 24)
        for entry in entries {
            withUnsafeBytes(of: entry.atMs.bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: entry.requestID)
        }
        return Data(Sodium.sha256(bytes))
    }

    /// Why a key of this role could not have asked for the operation, if it could not.
    private static func roleProblem(_ operation: Chibo_V1_Request.OneOf_Operation?, _ role: Chibo_V1_Role) -> String? {
        switch operation {
        case .putRecords, .importChunk, .endRecord:
            role == .admin || role == .clerk ? nil : "writes records but is signed by a key with role \(role)"
        case .enrolKey, .revokeKey, .putRuleSet:
            role == .admin ? nil : "manages keys or rules but is signed by a key with role \(role)"
        default:
            "is not a write a journal holds"
        }
    }
}

extension Chibo_V1_BundleEntry {
    /// Entries for these signed request envelopes, numbered from `firstSeq` and hash-chained from
    /// `previousHash`, as a daemon's journal chains them: for tools and tests that make bundles without one.
    public static func chained(
        _ envelopes: [Chibo_V1_Envelope], firstSeq: UInt64 = 1, previousHash: Data = Data(repeating: 0, count: 32), atMs: Int64 = 0
    ) -> [Chibo_V1_BundleEntry] {
        var previous = previousHash
        return envelopes.enumerated().map { offset, envelope in
            // Encoding a message built in this process cannot fail.
            let bytes: Data = try! envelope.serializedData()
            let request = try? Chibo_V1_Request(serializedBytes: envelope.body)
            let entry = Chibo_V1_BundleEntry.with {
                $0.seq = firstSeq + UInt64(offset)
                $0.keyID = envelope.keyID
                $0.requestID = request?.requestID ?? Data()
                $0.operation = Chibo_V1_Bundle.journalName(request?.operation)
                $0.envelope = bytes
                $0.previousHash = previous
                $0.hash = Data(Sodium.sha256(previous + bytes))
                $0.atMs = atMs
            }
            previous = entry.hash
            return entry
        }
    }
}

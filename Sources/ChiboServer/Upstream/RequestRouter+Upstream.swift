import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

/// Upward reporting (docs/upward.md): a lower daemon's journal leaves it as signed bundles and is applied
/// at the upper daemon only once every signature, the chain and the continuity with what came before hold.
extension RequestRouter {
    func upstreamExport(_ request: Chibo_V1_UpstreamExportRequest) async throws -> Chibo_V1_UpstreamExportResponse {
        let bundles = UpstreamBundles(store: context.store, daemonKey: context.daemonKey, limits: context.limits)
        let from = Int64(clamping: max(1, request.fromSeq))
        guard request.reporterKeyID.isEmpty else {
            guard let peer = KeyID(data: request.reporterKeyID) else {
                throw WireError(.invalidArgument, "reporter_key_id must be 16 bytes")
            }
            return try await bundles.received(from: peer, from: from)
        }
        return try await bundles.make(from: from, maxBytes: Int(request.maxBytes))
    }

    func upstreamApply(_ request: Chibo_V1_UpstreamApplyRequest, caller: EnrolledKey) async throws -> Chibo_V1_UpstreamApplyResponse {
        let contents = try request.bundle.check(limits: context.limits)
        let manifest = contents.manifest
        let daemonID = contents.daemonKey.id.hex
        if ownKeys.contains(contents.daemonKey) {
            guard caller.role == .admin, caller.scopeUnit == nil else {
                throw WireError(.forbidden, "only an admin key with no scope may put this daemon's own entries back")
            }
            return try await recover(request.bundle, contents)
        }
        if caller.role == .reporter, caller.id != daemonID {
            throw WireError(.forbidden, "a reporter key sends only its own daemon's bundles", reason: "unenrolled_reporter")
        }
        guard let reporter = try await context.store.key(id: daemonID), reporter.role == .reporter,
            reporter.isUsable(on: CalendarDay.today()), let scope = reporter.scopeUnit
        else {
            throw WireError(
                .forbidden,
                "the bundle was made by daemon key \(daemonID), which is not enrolled here as an active reporter: enrol the "
                    + "lower daemon's daemon.pub with `chibo key enrol FILE --role reporter --scope UNIT`",
                reason: "unenrolled_reporter")
        }
        guard manifest.unitID.isEmpty || manifest.unitID == scope else {
            throw WireError(
                .forbidden, "the bundle reports unit \(manifest.unitID), but its daemon is enrolled here for \(scope)",
                reason: "out_of_scope")
        }
        let checked = CheckedBundle(
            peerKeyID: daemonID, unitID: scope, fromSeq: Int64(manifest.fromSeq), toSeq: Int64(manifest.toSeq),
            previousChainHead: manifest.previousChainHead, chainHead: manifest.chainHead,
            journalHeadSeq: Int64(manifest.journalHeadSeq), madeAt: manifest.createdAtMs, manifest: request.bundle.manifest,
            signature: request.bundle.signature, entries: request.bundle.entries.map(JournalEntry.init),
            keys: contents.keys.values.map { key in
                ReceivedKey(
                    peerKeyID: daemonID, keyID: PublicKey(bytes: key.publicKey)?.id.hex ?? "", publicKey: key.publicKey,
                    role: Role(key.role)?.rawValue ?? "", name: key.name, scopeUnit: key.scopeUnit.isEmpty ? nil : key.scopeUnit,
                    enrolment: key.enrolment)
            })
        let requests = Dictionary(uniqueKeysWithValues: zip(checked.entries.map { $0.seq ?? 0 }, contents.requests))
        let today = CalendarDay.today()
        let logger = context.logger
        let outcome = try await context.store.applyBundle(checked, now: ServerContext.nowMilliseconds()) { sink, entry in
            let seq = entry.seq ?? 0
            guard let request = requests[seq] else { return }
            try UpstreamBundles.apply(request, seq: seq, sink: sink, scope: scope, today: today, logger: logger)
        }
        switch outcome {
        case .fork(let seq, let problem):
            logger.critical(
                "FORK: a lower daemon rewrote its history; its bundle was refused",
                metadata: [
                    "reporter": "\(daemonID)", "name": "\(reporter.name)", "unit": "\(scope)", "seq": "\(seq)", "problem": "\(problem)",
                ])
            throw WireError(
                .conflict,
                "FORK in the journal of \(reporter.name) (\(scope)): \(problem). Nothing was applied; the fork is recorded "
                    + "(chibo upstream status). See docs/upward.md, \"When a lower daemon's history forks\".",
                reason: "fork")
        case .applied(let accepted, let counts, let acceptedSeq):
            if accepted > 0 {
                logger.info(
                    "bundle applied",
                    metadata: [
                        "reporter": "\(daemonID)", "from": "\(manifest.fromSeq)", "to": "\(manifest.toSeq)",
                        "inserted": "\(counts.inserted)",
                    ])
            }
            return .with {
                $0.fromSeq = manifest.fromSeq
                $0.toSeq = manifest.toSeq
                $0.acceptedEntries = UInt32(accepted)
                $0.inserted = UInt32(counts.inserted)
                $0.unchanged = UInt32(counts.unchanged)
                $0.acceptedSeq = UInt64(acceptedSeq)
            }
        }
    }

    /// This daemon's keys, the current one and those it rotated from: a bundle made with one of them is its own.
    private var ownKeys: Set<PublicKey> {
        var keys: Set<PublicKey> = [context.daemonKey.publicKey]
        for rotation in context.rotations {
            if let statement = try? Chibo_V1_RotationStatement(serializedBytes: rotation.statement),
                let previous = PublicKey(bytes: statement.previousPublicKey)
            {
                keys.insert(previous)
            }
        }
        return keys
    }

    /// This daemon's own entries, kept by its upper daemon, put back after a restore from an older backup
    /// (docs/upward.md, "Rebuilding a district's server").
    private func recover(_ bundle: Chibo_V1_Bundle, _ contents: CheckedBundleContents) async throws -> Chibo_V1_UpstreamApplyResponse {
        let entries = bundle.entries.map(JournalEntry.init)
        let requests = Dictionary(uniqueKeysWithValues: zip(entries.map { $0.seq ?? 0 }, contents.requests))
        let today = CalendarDay.today()
        let logger = context.logger
        let recovered = try await context.store.recover(entries) { sink, entry in
            guard let request = requests[entry.seq ?? 0] else { return }
            try UpstreamBundles.replay(request, entry: entry, sink: sink, today: today, logger: logger)
        }
        if recovered > 0 {
            try await context.keys.reload()
            logger.notice(
                "own journal entries recovered from a bundle",
                metadata: ["from": "\(contents.manifest.fromSeq)", "to": "\(contents.manifest.toSeq)", "new": "\(recovered)"])
        }
        let head = try await context.store.journalCount()
        return .with {
            $0.fromSeq = contents.manifest.fromSeq
            $0.toSeq = contents.manifest.toSeq
            $0.acceptedEntries = UInt32(recovered)
            $0.acceptedSeq = UInt64(head)
            $0.recovered = true
        }
    }

    func upstreamStatus(caller: EnrolledKey) async throws -> Chibo_V1_UpstreamStatus {
        var peers = try await context.store.upstreamPeers()
        if caller.role == .reporter { peers = peers.filter { $0.keyID == caller.id } }
        let names = Dictionary(uniqueKeysWithValues: try await context.store.keys().map { ($0.id, $0.name) })
        return .with {
            $0.peers = peers.map { peer in
                .with {
                    $0.keyID = KeyID(hex: peer.keyID)?.data ?? Data()
                    $0.name = names[peer.keyID] ?? ""
                    $0.unitID = peer.unitID
                    $0.acceptedSeq = UInt64(peer.acceptedSeq)
                    $0.chainHead = peer.chainHead
                    $0.journalHeadSeq = UInt64(peer.journalHeadSeq)
                    $0.bundleMadeAtMs = peer.bundleMadeAt ?? 0
                    $0.receivedAtMs = peer.receivedAt ?? 0
                    $0.forkSeq = UInt64(peer.forkSeq ?? 0)
                    $0.forkAtMs = peer.forkAt ?? 0
                    $0.forkProblem = peer.forkProblem ?? ""
                }
            }
        }
    }
}

extension JournalEntry {
    init(_ entry: Chibo_V1_BundleEntry) {
        self.init(
            seq: Int64(entry.seq), keyID: KeyID(data: entry.keyID)?.hex ?? "", requestID: entry.requestID, operation: entry.operation,
            envelope: entry.envelope, previousHash: entry.previousHash, hash: entry.hash, at: entry.atMs)
    }
}

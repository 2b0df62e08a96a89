import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

/// Upward reporting (docs/upward.md): a lower daemon's journal leaves it as signed bundles and is applied
/// at the upper daemon only once every signature, the chain and the continuity with what came before hold.
extension RequestRouter {
    func upstreamExport(_ request: Chibo_V1_UpstreamExportRequest) async throws -> Chibo_V1_UpstreamExportResponse {
        try await UpstreamBundles(store: context.store, daemonKey: context.daemonKey, limits: context.limits)
            .make(from: Int64(clamping: max(1, request.fromSeq)), maxBytes: Int(request.maxBytes))
    }

    func upstreamApply(_ request: Chibo_V1_UpstreamApplyRequest, caller: EnrolledKey) async throws -> Chibo_V1_UpstreamApplyResponse {
        let contents = try request.bundle.check(limits: context.limits)
        let manifest = contents.manifest
        let daemonID = contents.daemonKey.id.hex
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

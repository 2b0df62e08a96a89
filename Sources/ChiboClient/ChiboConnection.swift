import ChiboModel
import ChiboWire
import Foundation
import NIOCore

/// An authenticated-ready connection to chibod: handshake done, daemon key checked, frames sealed on TCP.
/// Requests are sent one at a time (or, for load, several in flight: `pipeline`) and every response is verified against the daemon key and the request it
/// answers. Writes carry an idempotency key and are retried once on a new connection when this one drops
/// before the answer (PROTOCOL.md §7.1).
public final class ChiboConnection {
    public let frames: FrameConnection
    var session: ClientSession
    public let daemon: ClientSession.Established
    /// How the daemon's key came to be trusted on this connection, to tell the user about a new pin.
    public let trust: TrustOutcome
    /// Whether a request has succeeded here: until then the daemon takes only small frames.
    var authenticated = false
    private let reconnect: Reconnect
    /// Set once this connection has dropped: later requests each go over a new connection.
    private var dropped = false

    /// What it takes to open another connection to the same daemon.
    struct Reconnect {
        let endpoint: Endpoint
        let key: SigningKey
        let clientName: String
        let sealing: Bool?
    }

    init(
        frames: FrameConnection, session: ClientSession, daemon: ClientSession.Established, trust: TrustOutcome,
        reconnect: Reconnect
    ) {
        self.frames = frames
        self.session = session
        self.daemon = daemon
        self.trust = trust
        self.reconnect = reconnect
    }

    /// Connects, shakes hands, checks the daemon's key against `trust`, runs `body`, then closes.
    /// - Parameter sealing: ask for the confidential transport; nil (the default) asks on TCP only, where the
    ///   daemon requires it. The Unix socket is private to the daemon's user, so it stays plaintext.
    public static func with<Result: Sendable>(
        _ endpoint: Endpoint, key: SigningKey, trust: DaemonTrust, clientName: String = "chibo", sealing: Bool? = nil,
        _ body: (ChiboConnection) async throws -> Result
    ) async throws -> Result {
        try await FrameConnection.with(endpoint) { frames in
            let sealed: Bool =
                switch endpoint {
                case .tcp: sealing ?? true
                case .unix: sealing ?? false
                }
            var session = ClientSession(key: key, sealing: sealed)
            try await frames.send(session.preamble.bytes)
            try await frames.send(session.helloFrame(clientName: clientName))
            guard case .preamble(let preamble)? = try await frames.next() else {
                throw WireError(.connectionClosed, "the daemon closed the connection during the handshake")
            }
            try session.receivePreamble(preamble)
            let daemon = try session.receiveServerHello(try await frames.nextFrame())
            let outcome = try trust.check(daemon, at: endpoint)
            if let transport = daemon.transport { try await frames.startSealing(transport) }
            let reconnect = Reconnect(endpoint: endpoint, key: key, clientName: clientName, sealing: sealing)
            return try await body(
                ChiboConnection(
                    frames: frames, session: session, daemon: daemon, trust: outcome, reconnect: reconnect))
        }
    }

    /// Sends one signed request and returns the verified response; a daemon error is thrown as `WireError`.
    /// Once this connection has dropped, the request goes over a new one to the same daemon key.
    public func call(_ operation: Chibo_V1_Request.OneOf_Operation, idempotencyKey: Data = Data()) async throws
        -> Chibo_V1_Response
    {
        if dropped { return try await callOnNewConnection(operation, idempotencyKey: idempotencyKey) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let (envelope, pending) = try session.makeRequest(operation, now: now, idempotencyKey: idempotencyKey)
        let frame = envelope.frame()
        let sealedSize = frame.readableBytes + (daemon.transport == nil ? 0 : Sodium.aeadTagBytes)
        if !authenticated, sealedSize > Int(daemon.limits.maxFrameBytesBeforeAuth) {
            // The daemon refuses large frames before a first request succeeds (PROTOCOL.md §9): say hello small.
            _ = try await status()
            return try await call(operation, idempotencyKey: idempotencyKey)
        }
        do {
            try await frames.send(frame)
            let response = try session.openResponse(try await frames.nextFrame(), for: pending)
            authenticated = true
            return response
        } catch let error where Self.isDrop(error) {
            dropped = true
            throw WireError(
                .connectionClosed, "the connection to the daemon dropped before the answer: \(error)",
                retryable: true)
        }
    }

    /// Sends a write with a fresh idempotency key; when the connection drops before the answer, sends it once
    /// more, with the same key, over a new connection: the daemon then answers with the first result if the
    /// write had been done, and does it otherwise. Either way it is done exactly once.
    public func write(_ operation: Chibo_V1_Request.OneOf_Operation, idempotencyKey: Data? = nil) async throws
        -> Chibo_V1_Response
    {
        let key = idempotencyKey ?? Data(Sodium.randomBytes(16))
        let droppedBefore = dropped
        do {
            return try await call(operation, idempotencyKey: key)
        } catch let error as WireError where error.code == .connectionClosed && dropped && !droppedBefore {
            return try await callOnNewConnection(operation, idempotencyKey: key)
        }
    }

    private func callOnNewConnection(_ operation: Chibo_V1_Request.OneOf_Operation, idempotencyKey: Data) async throws
        -> Chibo_V1_Response
    {
        let r = reconnect
        return try await ChiboConnection.with(
            r.endpoint, key: r.key, trust: .expect(daemon.daemonKey.id), clientName: r.clientName, sealing: r.sealing
        ) { try await $0.call(operation, idempotencyKey: idempotencyKey) }
    }

    /// A lost connection, as opposed to an answer: the peer closed, or the socket failed.
    private static func isDrop(_ error: any Error) -> Bool {
        guard let wire = error as? WireError else { return true }
        return wire.code == .connectionClosed
    }

    public func status() async throws -> Chibo_V1_StatusResponse {
        guard case .status(let status)? = try await call(.status(.init())).result else { throw unexpected() }
        return status
    }

    public func enrol(_ request: Chibo_V1_EnrolKeyRequest) async throws -> Chibo_V1_KeyInfo {
        guard case .key(let key)? = try await write(.enrolKey(request)).result else { throw unexpected() }
        return key
    }

    public func revoke(_ id: KeyID) async throws -> Chibo_V1_KeyInfo {
        guard case .key(let key)? = try await write(.revokeKey(.with { $0.keyID = id.data })).result else {
            throw unexpected()
        }
        return key
    }

    public func listKeys(includeRevoked: Bool) async throws -> [Chibo_V1_KeyInfo] {
        let request = Chibo_V1_ListKeysRequest.with { $0.includeRevoked = includeRevoked }
        guard case .keys(let list)? = try await call(.listKeys(request)).result else { throw unexpected() }
        return list.keys
    }

    /// Writes records, all or none; with `dryRun` only checks them.
    public func put(_ records: [Chibo_V1_Record], dryRun: Bool = false) async throws -> Chibo_V1_PutRecordsResponse {
        let request = Chibo_V1_PutRecordsRequest.with {
            $0.records = records; $0.dryRun = dryRun
        }
        guard case .putRecords(let result)? = try await write(.putRecords(request)).result else { throw unexpected() }
        return result
    }

    /// One chunk of an import; `idempotencyKey` as for `write`.
    public func importChunk(_ request: Chibo_V1_ImportChunkRequest, idempotencyKey: Data? = nil) async throws
        -> Chibo_V1_ImportChunkResponse
    {
        guard case .importChunk(let result)? = try await write(.importChunk(request), idempotencyKey: idempotencyKey).result
        else { throw unexpected() }
        return result
    }

    /// One page of records.
    public func list(_ request: Chibo_V1_ListRecordsRequest) async throws -> Chibo_V1_ListRecordsResponse {
        guard case .listRecords(let result)? = try await call(.listRecords(request)).result else { throw unexpected() }
        return result
    }

    /// Every page of records.
    public func listAll(_ request: Chibo_V1_ListRecordsRequest) async throws -> [Chibo_V1_Record] {
        var request = request
        var records: [Chibo_V1_Record] = []
        repeat {
            let page = try await list(request)
            records += page.records
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        return records
    }

    /// Closes an open range (a unit, a membership, a position, a member status) on `until`.
    public func end(_ request: Chibo_V1_EndRecordRequest) async throws -> Chibo_V1_Record {
        guard case .endRecord(let result)? = try await write(.endRecord(request)).result else { throw unexpected() }
        return result.record
    }

    /// Loads a rule set from its text and points `unitIDs` at it; a malformed text is refused, naming the line.
    public func putRuleSet(source: String, unitIDs: [String], dryRun: Bool = false) async throws -> Chibo_V1_RuleSetInfo {
        let request = Chibo_V1_PutRuleSetRequest.with {
            $0.source = source; $0.unitIds = unitIDs; $0.dryRun = dryRun
        }
        guard case .ruleSet(let result)? = try await write(.putRuleSet(request)).result else { throw unexpected() }
        return result
    }

    public func ruleSets(includeSource: Bool = false) async throws -> [Chibo_V1_RuleSetInfo] {
        guard case .ruleSets(let result)? = try await call(.listRuleSets(.with { $0.includeSource = includeSource })).result else {
            throw unexpected()
        }
        return result.ruleSets
    }

    /// A report as model tables, and the daemon's time spent on it in microseconds.
    public func report(_ request: Chibo_V1_ReportRequest) async throws -> (report: Report, elapsedMicroseconds: Int) {
        guard case .report(let result)? = try await call(.report(request)).result else { throw unexpected() }
        return (try result.model(), Int(result.elapsedUs))
    }

    private func unexpected() -> WireError {
        WireError(.badResponse, "the daemon answered with another kind of result")
    }
}

extension ChiboConnection {
    /// The daemon's re-verification of its whole journal.
    public func auditVerify() async throws -> Chibo_V1_AuditReport {
        guard case .auditReport(let report)? = try await call(.auditVerify(.init())).result else {
            throw WireError(.badResponse, "the daemon answered with another kind of result")
        }
        return report
    }

    /// Every journalled change of one record.
    public func auditShow(kind: String, id: String) async throws -> Chibo_V1_AuditTrail {
        guard
            case .auditTrail(let trail)? = try await call(
                .auditShow(
                    .with {
                        $0.kind = kind; $0.id = id
                    })
            ).result
        else {
            throw WireError(.badResponse, "the daemon answered with another kind of result")
        }
        return trail
    }
}

extension ChiboConnection {
    /// Streams an online backup of the daemon's database into `path`: written to `path.partial` (mode 0600),
    /// checked against the daemon's SHA-256, synced, then renamed into place, so `path` is whole or absent.
    /// - Parameter progress: called after each chunk with (bytes received, bytes in all).
    /// - Returns: the backup's size in bytes.
    public func backup(to path: String, progress: (UInt64, UInt64) -> Void = { _, _ in }) async throws -> UInt64 {
        let file = try PartialFile(path: path)
        var hasher = Sodium.SHA256Stream()
        var request = Chibo_V1_BackupRequest()
        while true {
            guard case .backupChunk(let chunk)? = try await call(.backup(request)).result, chunk.offset == request.offset else {
                throw WireError(.badResponse, "the daemon answered with another kind of result")
            }
            try file.write(chunk.data)
            hasher.update(chunk.data)
            request.backupID = chunk.backupID
            request.offset += UInt64(chunk.data.count)
            progress(request.offset, chunk.totalBytes)
            guard chunk.last else { continue }
            guard request.offset == chunk.totalBytes, Data(hasher.finish()) == chunk.sha256 else {
                throw WireError(.badResponse, "the backup received does not match the daemon's checksum")
            }
            try file.commit()
            return request.offset
        }
    }
}

import ChiboModel
import ChiboWire
import Foundation
import NIOCore

/// An authenticated-ready connection to chibod: handshake done, daemon key checked. Requests are sent one at a
/// time and every response is verified against the daemon key and the request it answers.
public final class ChiboConnection {
    public let frames: FrameConnection
    private var session: ClientSession
    public let daemon: ClientSession.Established
    /// How the daemon's key came to be trusted on this connection, to tell the user about a new pin.
    public let trust: TrustOutcome
    /// Whether a request has succeeded here: until then the daemon takes only small frames.
    private var authenticated = false

    init(frames: FrameConnection, session: ClientSession, daemon: ClientSession.Established, trust: TrustOutcome) {
        self.frames = frames
        self.session = session
        self.daemon = daemon
        self.trust = trust
    }

    /// Connects, shakes hands, checks the daemon's key against `trust`, runs `body`, then closes.
    public static func with<Result: Sendable>(
        _ endpoint: Endpoint, key: SigningKey, trust: DaemonTrust, clientName: String = "chibo",
        _ body: (ChiboConnection) async throws -> Result
    ) async throws -> Result {
        try await FrameConnection.with(endpoint) { frames in
            var session = ClientSession(key: key)
            try await frames.send(session.preamble.bytes)
            try await frames.send(session.helloFrame(clientName: clientName))
            guard case .preamble(let preamble)? = try await frames.next() else {
                throw WireError(.connectionClosed, "the daemon closed the connection during the handshake")
            }
            try session.receivePreamble(preamble)
            let daemon = try session.receiveServerHello(try await frames.nextFrame())
            let outcome = try trust.check(daemon, at: endpoint)
            return try await body(ChiboConnection(frames: frames, session: session, daemon: daemon, trust: outcome))
        }
    }

    /// Sends one signed request and returns the verified response; a daemon error is thrown as `WireError`.
    public func call(_ operation: Chibo_V1_Request.OneOf_Operation, idempotencyKey: Data = Data()) async throws
        -> Chibo_V1_Response
    {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let (envelope, pending) = try session.makeRequest(operation, now: now, idempotencyKey: idempotencyKey)
        let frame = envelope.frame()
        if !authenticated, frame.readableBytes > Int(daemon.limits.maxFrameBytesBeforeAuth) {
            // The daemon refuses large frames before a first request succeeds (PROTOCOL.md §9): say hello small.
            _ = try await status()
            return try await call(operation, idempotencyKey: idempotencyKey)
        }
        try await frames.send(frame)
        let response = try session.openResponse(try await frames.nextFrame(), for: pending)
        authenticated = true
        return response
    }

    public func status() async throws -> Chibo_V1_StatusResponse {
        guard case .status(let status)? = try await call(.status(.init())).result else { throw unexpected() }
        return status
    }

    public func enrol(_ request: Chibo_V1_EnrolKeyRequest) async throws -> Chibo_V1_KeyInfo {
        guard case .key(let key)? = try await call(.enrolKey(request)).result else { throw unexpected() }
        return key
    }

    public func revoke(_ id: KeyID) async throws -> Chibo_V1_KeyInfo {
        guard case .key(let key)? = try await call(.revokeKey(.with { $0.keyID = id.data })).result else {
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
        let request = Chibo_V1_PutRecordsRequest.with { $0.records = records; $0.dryRun = dryRun }
        guard case .putRecords(let result)? = try await call(.putRecords(request)).result else { throw unexpected() }
        return result
    }

    public func importChunk(_ request: Chibo_V1_ImportChunkRequest) async throws -> Chibo_V1_ImportChunkResponse {
        guard case .importChunk(let result)? = try await call(.importChunk(request)).result else { throw unexpected() }
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
        guard case .endRecord(let result)? = try await call(.endRecord(request)).result else { throw unexpected() }
        return result.record
    }

    /// Loads a rule set from its text and points `unitIDs` at it; a malformed text is refused, naming the line.
    public func putRuleSet(source: String, unitIDs: [String], dryRun: Bool = false) async throws -> Chibo_V1_RuleSetInfo {
        let request = Chibo_V1_PutRuleSetRequest.with { $0.source = source; $0.unitIds = unitIDs; $0.dryRun = dryRun }
        guard case .ruleSet(let result)? = try await call(.putRuleSet(request)).result else { throw unexpected() }
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

import ChiboWire
import Foundation
import NIOCore

extension ChiboConnection {
    /// One request for `pipeline`: the operation, and the idempotency key a write must carry.
    public struct PipelinedRequest {
        public let operation: Chibo_V1_Request.OneOf_Operation
        public let idempotencyKey: Data

        public init(_ operation: Chibo_V1_Request.OneOf_Operation, idempotencyKey: Data = Data()) {
            self.operation = operation
            self.idempotencyKey = idempotencyKey
        }
    }

    /// Keeps up to `depth` requests in flight on this connection, as PROTOCOL.md §7 allows: takes requests from
    /// `next` until it returns nil, and hands each verified answer (a daemon error as a failure) to `answered`
    /// with the time from its send, in the order the daemon answers. Unlike `call`, a dropped connection is
    /// not retried: the error is thrown and the requests still in flight are left unanswered.
    /// - Parameter depth: at most the daemon's `max_in_flight`, or an extra request would be told `busy`.
    public func pipeline(
        depth: Int, next: () throws -> PipelinedRequest?,
        answered: (Result<Chibo_V1_Response, WireError>, Duration) throws -> Void
    ) async throws {
        precondition(depth > 0, "a pipeline needs room for one request")
        // Before a first success the daemon takes only small frames (PROTOCOL.md §9).
        if !authenticated { _ = try await status() }
        var inFlight: [Data: PendingRequest] = [:]
        var sentAt: [Data: ContinuousClock.Instant] = [:]
        var exhausted = false
        while true {
            var frames: [ByteBuffer] = []
            while !exhausted, inFlight.count < depth {
                guard let request = try next() else {
                    exhausted = true
                    break
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                let (envelope, pending) = try session.makeRequest(
                    request.operation, now: now, idempotencyKey: request.idempotencyKey)
                frames.append(envelope.frame())
                inFlight[pending.requestID] = pending
                sentAt[pending.requestID] = .now
            }
            // Every request of a refill goes out in one write: what pipelining saves is the round trips and flushes.
            if !frames.isEmpty { try await self.frames.send(contentsOf: frames) }
            if inFlight.isEmpty { return }
            let (request, result) = try session.openResponse(try await self.frames.nextFrame(), among: inFlight)
            inFlight[request.requestID] = nil
            let started = sentAt.removeValue(forKey: request.requestID)!
            try answered(result, ContinuousClock.now - started)
        }
    }
}

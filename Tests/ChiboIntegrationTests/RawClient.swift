import ChiboClient
import ChiboWire
import Foundation
import NIOCore

/// A hand-driven client for attacks: completes the handshake through `ClientSession`, then lets a test send
/// any bytes, envelopes or requests it likes, and read back the daemon's typed answers.
struct RawClient {
    let frames: FrameConnection
    var session: ClientSession
    let established: ClientSession.Established
    let key: SigningKey

    /// - Parameters:
    ///   - sealing: ask for the confidential transport (then every frame after the hellos is sealed).
    ///   - minor: the minor version to offer; 0 poses as a 1.0 client.
    static func handshake(_ frames: FrameConnection, key: SigningKey, sealing: Bool = true, minor: UInt16 = ProtocolVersion.minor)
        async throws -> RawClient
    {
        var session = ClientSession(key: key, minor: minor, sealing: sealing)
        try await frames.send(session.preamble.bytes)
        try await frames.send(session.helloFrame(clientName: "attacker"))
        guard case .preamble(let preamble)? = try await frames.next() else {
            throw WireError(.connectionClosed, "no preamble")
        }
        try session.receivePreamble(preamble)
        let established = try session.receiveServerHello(try await frames.nextFrame())
        if let transport = established.transport { try await frames.startSealing(transport) }
        return RawClient(frames: frames, session: session, established: established, key: key)
    }

    /// A signed request with every field chosen by the test.
    func request(
        sequence: UInt64, nonce: Data? = nil, signer: SigningKey? = nil,
        operation: Chibo_V1_Request.OneOf_Operation = .status(.init()), idempotencyKey: Data = Data()
    ) -> Chibo_V1_Envelope {
        let request = Chibo_V1_Request.with {
            $0.version = established.version
            $0.sessionNonce = nonce ?? established.sessionNonce
            $0.sequence = sequence
            $0.requestID = Data(Sodium.randomBytes(16))
            $0.timestampMs = Int64(Date().timeIntervalSince1970 * 1000)
            $0.idempotencyKey = idempotencyKey
            $0.operation = operation
        }
        return .signing(request, with: signer ?? key, context: .request)
    }

    func send(_ envelope: Chibo_V1_Envelope) async throws {
        try await frames.send(envelope.frame())
    }

    /// Reads the next response and returns its result; an error result comes back as its code.
    func answer() async throws -> Result<Chibo_V1_Response, WireError> {
        let frame = try await frames.nextFrame()
        do {
            return .success(try session.openResponse(frame, for: nil))
        } catch let error as WireError {
            return .failure(error)
        }
    }

    func errorCode() async throws -> WireError.Code? {
        if case .failure(let error) = try await answer() { return error.code }
        return nil
    }

    /// True once the daemon has closed the connection (nothing more arrives).
    func closed() async -> Bool {
        await frames.closedByPeer()
    }
}

extension FrameConnection {
    /// True when the next read finds the connection closed: an orderly end, or a reset (a peer that closes
    /// with our bytes still unread sends RST, and that is a close as well).
    func closedByPeer() async -> Bool {
        (try? await next()) == nil
    }
}

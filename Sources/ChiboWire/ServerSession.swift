import Foundation
import NIOCore
import SwiftProtobuf

/// A request that passed every connection-level check: signature, version, nonce, sequence, clock.
public struct AdmittedRequest: Sendable {
    public let request: Chibo_V1_Request
    public let signer: KeyID
    /// SHA-256 of the body bytes as received; the response signs it.
    public let hash: [UInt8]
    /// The envelope exactly as received, kept by writes so they can be re-verified offline.
    public let envelope: Chibo_V1_Envelope
}

/// The daemon's side of one connection as a value-type state machine: preamble, hello, then requests.
/// It does no I/O; the caller feeds it what arrived and sends what it returns.
public struct ServerSession: Sendable {
    public enum PreambleOutcome: Equatable, Sendable {
        /// Send `reply`, then wait for the client hello.
        case proceed(reply: Preamble)
        /// Send `reply` so the peer learns what is spoken here, then close.
        case refuse(reply: Preamble)
    }

    enum State {
        case awaitingPreamble
        case awaitingHello(clientMinor: UInt16)
        case established(nonce: [UInt8], version: Chibo_V1_Version, lastSequence: UInt64)
    }

    private let daemonKey: SigningKey
    private let rotations: [Chibo_V1_KeyRotation]
    let limits: ProtocolLimits
    private var state = State.awaitingPreamble
    /// True once a request has been admitted: until then errors say little and size limits are smaller.
    public private(set) var authenticated = false

    /// - Parameter rotations: the chain of rotations ending at `daemonKey`, sent in every hello.
    public init(daemonKey: SigningKey, rotations: [Chibo_V1_KeyRotation] = [], limits: ProtocolLimits) {
        self.daemonKey = daemonKey
        self.rotations = rotations
        self.limits = limits
    }

    /// Whether our preamble has been sent back (after that, errors can be sent as frames).
    public var preambleAnswered: Bool {
        if case .awaitingPreamble = state { return false }
        return true
    }

    public var version: Chibo_V1_Version? {
        if case .established(_, let version, _) = state { return version }
        return nil
    }

    public mutating func receivePreamble(_ preamble: Preamble) throws -> PreambleOutcome {
        guard case .awaitingPreamble = state else { throw WireError(.protocolError, "unexpected preamble") }
        let ours = Preamble(major: ProtocolVersion.major, minor: ProtocolVersion.minor)
        guard preamble.major == ProtocolVersion.major else { return .refuse(reply: ours) }
        state = .awaitingHello(clientMinor: preamble.minor)
        return .proceed(reply: ours)
    }

    /// What the daemon sends for a client hello, and the transport keys when the peer asked for sealing.
    public struct HelloReply: Sendable {
        public let envelope: Chibo_V1_Envelope
        public let transport: SealedTransport?
    }

    /// Answers the client hello with a ServerHello signed by the daemon key. With `requireSealing` (TCP
    /// without `--allow-plaintext-tcp`) a client that does not ask for the confidential transport is refused
    /// with `encryption_required`.
    public mutating func receiveHello(
        frame: ByteBuffer, sessionNonce: [UInt8], now: Int64, requireSealing: Bool
    ) throws -> HelloReply {
        guard case .awaitingHello(let clientMinor) = state else {
            throw WireError(.protocolError, "unexpected hello")
        }
        let hello: Chibo_V1_ClientHello
        do {
            hello = try Chibo_V1_ClientHello(
                serializedBytes: Array(frame.readableBytesView), options: .untrusted(limits))
        } catch {
            throw WireError(.protocolError, "malformed hello")
        }
        guard hello.clientNonce.count == 32 else { throw WireError(.protocolError, "malformed hello") }
        var transport: SealedTransport?
        var exchange: KeyExchange?
        if hello.features.contains(SealedTransport.feature) {
            var ours = KeyExchange()
            guard let derived = ours.transport(asClient: false, peerPublicKey: hello.kxPublicKey) else {
                throw WireError(.protocolError, "malformed hello: kx_public_key is not a usable X25519 key")
            }
            transport = derived
            exchange = ours
        } else if requireSealing {
            throw WireError(
                .encryptionRequired,
                "this daemon serves TCP only over the confidential transport: ask for \(SealedTransport.feature) (protocol 1.1)")
        }
        let version = ProtocolVersion.negotiate(clientMinor: clientMinor)
        state = .established(nonce: sessionNonce, version: version, lastSequence: 0)
        let reply = Chibo_V1_ServerHello.with {
            $0.version = version
            $0.daemonPublicKey = Data(daemonKey.publicKey.bytes)
            $0.sessionNonce = Data(sessionNonce)
            $0.clientNonce = hello.clientNonce
            if let exchange {
                $0.features = [SealedTransport.feature]
                $0.kxPublicKey = Data(exchange.publicKey)
                $0.clientKxPublicKey = hello.kxPublicKey
            }
            $0.limits = limits.message
            $0.serverTimeMs = now
            $0.rotations = rotations
        }
        return HelloReply(envelope: .signing(reply, with: daemonKey, context: .serverHello), transport: transport)
    }

    /// Checks one request envelope. `signer` is the enrolled, currently valid key for the envelope's key id,
    /// or nil when there is none. Throws a `WireError` whose code says what failed; the caller closes the
    /// connection for every error thrown here.
    public mutating func admit(
        _ envelope: Chibo_V1_Envelope, signer: PublicKey?, now: Int64
    ) throws -> AdmittedRequest {
        guard case .established(let nonce, let version, let lastSequence) = state else {
            throw WireError(.protocolError, "request before hello")
        }
        guard let signer, let signerID = envelope.signerID, signer.id == signerID else {
            throw WireError(.authenticationFailed, "unknown, revoked or expired key")
        }
        guard envelope.verify(with: signer, context: .request) else {
            throw WireError(.authenticationFailed, "bad signature")
        }
        let request: Chibo_V1_Request
        do {
            request = try Chibo_V1_Request(serializedBytes: Array(envelope.body), options: .untrusted(limits))
        } catch {
            throw WireError(.badRequest, "request body is not a valid Request message")
        }
        guard request.version == version else {
            throw WireError(.badRequest, "request names version \(request.version.text), negotiated \(version.text)")
        }
        guard request.sessionNonce.elementsEqual(nonce) else {
            throw WireError(.replay, "request is bound to another connection")
        }
        guard request.sequence > lastSequence else {
            throw WireError(.badSequence, "sequence \(request.sequence) is not above \(lastSequence)")
        }
        guard request.requestID.count == 16 else {
            throw WireError(.badRequest, "request id must be 16 bytes")
        }
        guard abs(request.timestampMs - now) <= limits.timestampWindowMilliseconds else {
            throw WireError(.staleTimestamp, "request clock is too far from the daemon's")
        }
        state = .established(nonce: nonce, version: version, lastSequence: request.sequence)
        authenticated = true
        return AdmittedRequest(
            request: request, signer: signerID, hash: Sodium.sha256(envelope.body), envelope: envelope)
    }

    /// How a connection ends after `error`, decided here so the connection only carries it out.
    public enum Closing: Sendable {
        /// Close without a word: our preamble has not gone out, so the peer has not been told it reached chibo.
        case silently
        /// Send this signed error (what the peer is `told`), then close.
        case reply(Chibo_V1_Envelope, told: WireError)
    }

    /// Before our preamble, nothing is said; before authentication, only the broad class of the failure
    /// (PROTOCOL.md §8); after it, the specific error.
    public func closing(after error: WireError, now: Int64) -> Closing {
        guard preambleAnswered else { return .silently }
        let told = authenticated ? error : Self.vague(error)
        return .reply(response(.error(Chibo_V1_Error(told)), to: nil, now: now), told: told)
    }

    /// Before authentication a peer learns only the broad class of its failure.
    static func vague(_ error: WireError) -> WireError {
        switch error.code {
        case .frameTooLarge: WireError(.frameTooLarge, "frame too large")
        case .timeout: WireError(.timeout, "timed out")
        case .unsupportedVersion: WireError(.unsupportedVersion, "unsupported protocol version")
        case .protocolError: WireError(.protocolError, "protocol error")
        // Tells a well-meaning client what to change, and nothing about keys or data.
        case .encryptionRequired: error
        default: WireError(.authenticationFailed, "authentication failed")
        }
    }

    /// A signed response. `to` is nil for an error not tied to a request (a bad frame, a timeout).
    /// - Parameter replayed: the result is the stored answer to an earlier request with the same idempotency key.
    public func response(
        _ result: Chibo_V1_Response.OneOf_Result, to admitted: AdmittedRequest?, replayed: Bool = false, now: Int64
    ) -> Chibo_V1_Envelope {
        var body = Chibo_V1_Response.with {
            $0.replayed = replayed
            $0.version = version ?? ProtocolVersion.current
            if let admitted {
                $0.requestID = admitted.request.requestID
                $0.requestHash = Data(admitted.hash)
                $0.sequence = admitted.request.sequence
            }
            $0.serverTimeMs = now
        }
        // A report can be hundreds of thousands of values: its bytes are written in one pass (the same bytes).
        if case .report(let report) = result {
            return .signing(body: ReportBodyEncoder.body(body, report: report), with: daemonKey, context: .response)
        }
        body.result = result
        return .signing(body, with: daemonKey, context: .response)
    }
}

extension Chibo_V1_Error {
    public init(_ error: WireError, requestID: Data = Data()) {
        self = .with {
            $0.code = error.code.rawValue
            $0.message = error.message
            $0.retryable = error.retryable
            $0.requestID = requestID
            if let index = error.recordIndex { $0.recordIndex = UInt32(index) }
            $0.reason = error.reason ?? ""
        }
    }
}

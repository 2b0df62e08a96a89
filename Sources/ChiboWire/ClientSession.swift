import Foundation
import NIOCore
import SwiftProtobuf

/// A request sent and not yet answered: what the response must echo.
public struct PendingRequest: Sendable {
    public let requestID: Data
    public let hash: [UInt8]
    public let sequence: UInt64
}

/// The client's side of one connection as a value-type state machine, mirror of `ServerSession`.
public struct ClientSession: Sendable {
    public struct Established: Sendable {
        public let version: Chibo_V1_Version
        public let daemonKey: PublicKey
        public let sessionNonce: Data
        public let limits: Chibo_V1_Limits
        /// The daemon key's rotation chain, for a client that pinned an earlier key.
        public let rotations: [Chibo_V1_KeyRotation]
        /// The keys every later frame is sealed with; nil on a plaintext connection.
        public let transport: SealedTransport?
    }

    private let key: SigningKey
    private let limits: ProtocolLimits
    private let clientNonce: [UInt8]
    private let minor: UInt16
    private var exchange: KeyExchange?
    private var peerMinor: UInt16?
    public private(set) var established: Established?
    private var nextSequence: UInt64 = 1

    /// - Parameters:
    ///   - minor: the highest minor version offered, this build's by default (tests pose as older clients
    ///     with 0).
    ///   - sealing: ask for the confidential transport; the hello is then refused unless the daemon grants it,
    ///     so a man in the middle cannot strip it.
    public init(
        key: SigningKey, limits: ProtocolLimits = ProtocolLimits(), minor: UInt16? = nil,
        sealing: Bool = true
    ) {
        self.key = key
        self.limits = limits
        self.clientNonce = Sodium.randomBytes(32)
        self.minor = min(minor ?? ProtocolVersion.minor, ProtocolVersion.minor)
        self.exchange = sealing ? KeyExchange() : nil
    }

    public var preamble: Preamble { Preamble(major: ProtocolVersion.major, minor: minor) }

    public func helloFrame(clientName: String) -> ByteBuffer {
        let hello = Chibo_V1_ClientHello.with {
            $0.clientNonce = Data(clientNonce)
            $0.clientName = clientName
            if let exchange {
                $0.features = [SealedTransport.feature]
                $0.kxPublicKey = Data(exchange.publicKey)
            }
        }
        // Encoding a message built here cannot fail (proto3 has no required fields).
        return .frame(try! hello.serializedBytes() as [UInt8])
    }

    public mutating func receivePreamble(_ preamble: Preamble) throws {
        guard preamble.major == ProtocolVersion.major else {
            throw WireError(
                .unsupportedVersion,
                "daemon speaks protocol \(preamble.major).\(preamble.minor), this client \(ProtocolVersion.major).x")
        }
        peerMinor = preamble.minor
    }

    /// Verifies the ServerHello's signature with the key it carries and that it answers our nonce (and, when
    /// sealing was asked for, our key exchange); derives the transport keys. The caller decides whether to
    /// trust the daemon key (pinning). An error the daemon sent instead of a hello is thrown with its code.
    public mutating func receiveServerHello(_ frame: ByteBuffer) throws -> Established {
        guard peerMinor != nil, established == nil else { throw WireError(.badResponse, "unexpected hello") }
        let envelope = try Chibo_V1_Envelope(frame: frame, limits: limits)
        let hello: Chibo_V1_ServerHello
        do {
            hello = try Chibo_V1_ServerHello(serializedBytes: Array(envelope.body), options: .untrusted(limits))
        } catch {
            throw WireError(.badResponse, "malformed server hello")
        }
        guard let daemonKey = PublicKey(bytes: hello.daemonPublicKey),
            envelope.signerID == daemonKey.id,
            envelope.verify(with: daemonKey, context: .serverHello)
        else { throw Self.refusal(in: envelope, limits: limits) }
        guard hello.clientNonce.elementsEqual(clientNonce) else {
            throw WireError(.badResponse, "server hello answers another connection")
        }
        guard hello.version.major == ProtocolVersion.major, hello.version.minor <= UInt32(minor),
            hello.sessionNonce.count == 32
        else { throw WireError(.badResponse, "server hello negotiates an impossible version") }
        var transport: SealedTransport?
        if var exchange {
            guard hello.features.contains(SealedTransport.feature),
                hello.clientKxPublicKey.elementsEqual(exchange.publicKey),
                let derived = exchange.transport(asClient: true, peerPublicKey: hello.kxPublicKey)
            else { throw WireError(.badResponse, "the daemon did not agree to encrypt this connection") }
            transport = derived
            self.exchange = nil
        }
        let result = Established(
            version: hello.version, daemonKey: daemonKey, sessionNonce: hello.sessionNonce, limits: hello.limits,
            rotations: hello.rotations, transport: transport)
        established = result
        return result
    }

    /// A daemon that refuses a hello sends a signed `Response` carrying an error instead (PROTOCOL.md §4).
    /// Its key cannot be checked here (no hello, no trusted key yet), so the message is marked as unverified.
    private static func refusal(in envelope: Chibo_V1_Envelope, limits: ProtocolLimits) -> WireError {
        guard let response = try? Chibo_V1_Response(serializedBytes: Array(envelope.body), options: .untrusted(limits)),
            case .error(let error)? = response.result
        else { return WireError(.badResponse, "server hello signature does not verify") }
        var refused = WireError(error)
        refused.message += " (said by the daemon before its key could be checked)"
        return refused
    }

    public mutating func makeRequest(
        _ operation: Chibo_V1_Request.OneOf_Operation, now: Int64, idempotencyKey: Data = Data()
    ) throws -> (envelope: Chibo_V1_Envelope, pending: PendingRequest) {
        guard let established else { throw WireError(.protocolError, "request before handshake") }
        let sequence = nextSequence
        nextSequence += 1
        let request = Chibo_V1_Request.with {
            $0.version = established.version
            $0.sessionNonce = established.sessionNonce
            $0.sequence = sequence
            $0.requestID = Data(Sodium.randomBytes(16))
            $0.timestampMs = now
            $0.idempotencyKey = idempotencyKey
            $0.operation = operation
        }
        let body: [UInt8] = try request.serializedBytes()
        let envelope = Chibo_V1_Envelope.signing(body: body, with: key, context: .request)
        return (envelope, PendingRequest(requestID: request.requestID, hash: Sodium.sha256(body), sequence: sequence))
    }

    /// Verifies a response against the pinned daemon key and the request it answers. A typed error from the
    /// daemon is thrown as a `WireError` carrying the daemon's code.
    public func openResponse(_ frame: ByteBuffer, for pending: PendingRequest?) throws -> Chibo_V1_Response {
        let response = try verifiedResponse(frame)
        if let pending {
            guard response.requestID == pending.requestID, response.requestHash.elementsEqual(pending.hash) else {
                throw WireError(.badResponse, "response answers another request")
            }
        }
        if case .error(let error)? = response.result {
            throw WireError(error)
        }
        return response
    }

    /// Verifies a response to one of several requests in flight (PROTOCOL.md §7: answers may come out of
    /// order) and says which one it answers. The daemon's answer to that request, an error included, is the
    /// result; only a response that is not sound, or an error about the whole connection, is thrown.
    public func openResponse(_ frame: ByteBuffer, among pending: [Data: PendingRequest]) throws
        -> (answers: PendingRequest, result: Result<Chibo_V1_Response, WireError>)
    {
        let response = try verifiedResponse(frame)
        guard let request = pending[response.requestID], response.requestHash.elementsEqual(request.hash) else {
            throw WireError(.badResponse, "response answers no request in flight")
        }
        if case .error(let error)? = response.result { return (request, .failure(WireError(error))) }
        return (request, .success(response))
    }

    /// The response in `frame`, signed by the pinned daemon key; an error the daemon sent about the connection
    /// rather than a request (no request id) is thrown.
    private func verifiedResponse(_ frame: ByteBuffer) throws -> Chibo_V1_Response {
        guard let established else { throw WireError(.protocolError, "response before handshake") }
        let envelope = try Chibo_V1_Envelope(frame: frame, limits: limits)
        guard envelope.signerID == established.daemonKey.id,
            envelope.verify(with: established.daemonKey, context: .response)
        else { throw WireError(.badResponse, "response signature does not verify against the daemon key") }
        let response: Chibo_V1_Response
        do {
            response = try Chibo_V1_Response(serializedBytes: Array(envelope.body), options: .untrusted(limits))
        } catch {
            throw WireError(.badResponse, "malformed response")
        }
        if case .error(let error)? = response.result, response.requestID.isEmpty {
            throw WireError(error)
        }
        return response
    }
}

extension WireError {
    /// The daemon's error as received.
    public init(_ error: Chibo_V1_Error) {
        self.init(
            .init(rawValue: error.code), error.message, retryable: error.retryable,
            recordIndex: error.hasRecordIndex ? Int(error.recordIndex) : nil, reason: error.reason.isEmpty ? nil : error.reason)
    }
}

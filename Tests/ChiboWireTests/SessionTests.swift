import ChiboWire
import Foundation
import NIOCore
import Testing

/// The handshake and request checks of both sides, driven directly: no sockets, no event loops.
@Suite struct SessionTests {
    let daemonKey = SigningKey.generate()
    let clientKey = SigningKey.generate()
    let now: Int64 = 1_795_000_000_000

    /// A server and a client that have completed the handshake.
    func established() throws -> (ServerSession, ClientSession) {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        var client = ClientSession(key: clientKey)
        guard case .proceed(let reply) = try server.receivePreamble(client.preamble) else {
            Issue.record("preamble refused")
            throw WireError(.protocolError, "refused")
        }
        try client.receivePreamble(reply)
        var hello = client.helloFrame(clientName: "test")
        let helloPayload = hello.readLengthPrefixedSlice(as: UInt32.self)!
        let serverHello = try server.receiveHello(
            frame: helloPayload, sessionNonce: Sodium.randomBytes(32), now: now, requireSealing: false)
        let established = try client.receiveServerHello(payload(serverHello.envelope.frame()))
        #expect(established.daemonKey == daemonKey.publicKey)
        #expect(established.version.text == "1.4")
        #expect(established.transport != nil && serverHello.transport != nil)
        return (server, client)
    }

    func payload(_ frame: ByteBuffer) -> ByteBuffer {
        var frame = frame
        return frame.readLengthPrefixedSlice(as: UInt32.self)!
    }

    func code(_ body: () throws -> Void) -> WireError.Code? {
        do { try body() } catch let error as WireError { return error.code } catch { return nil }
        return nil
    }

    @Test func requestIsAdmittedAndResponseVerified() throws {
        var (server, client) = try established()
        let (envelope, pending) = try client.makeRequest(.status(.init()), now: now)
        let admitted = try server.admit(envelope, signer: clientKey.publicKey, now: now)
        #expect(server.authenticated)
        #expect(admitted.signer == clientKey.id)
        let reply = server.response(.status(.with { $0.callerName = "An" }), to: admitted, now: now)
        let response = try client.openResponse(payload(reply.frame()), for: pending)
        #expect(response.status.callerName == "An")
        #expect(response.sequence == 1)
    }

    @Test func unknownMajorIsRefusedWithOurPreamble() throws {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        #expect(
            try server.receivePreamble(Preamble(major: 2, minor: 0)) == .refuse(reply: Preamble(major: 1, minor: ProtocolVersion.minor)))
        var client = ClientSession(key: clientKey)
        #expect(code { try client.receivePreamble(Preamble(major: 7, minor: 0)) } == .unsupportedVersion)
    }

    @Test func newerClientMinorIsNegotiatedDown() throws {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        _ = try server.receivePreamble(Preamble(major: 1, minor: 9))
        var hello = ClientSession(key: clientKey).helloFrame(clientName: "future")
        let reply = try server.receiveHello(
            frame: hello.readLengthPrefixedSlice(as: UInt32.self)!, sessionNonce: Sodium.randomBytes(32), now: now,
            requireSealing: false)
        let parsed = try Chibo_V1_ServerHello(serializedBytes: Array(reply.envelope.body))
        #expect(parsed.version.minor == UInt32(ProtocolVersion.minor))
    }

    @Test func unknownKeyAndBadSignatureAreRefused() throws {
        var (server, client) = try established()
        let (envelope, _) = try client.makeRequest(.status(.init()), now: now)
        #expect(code { _ = try server.admit(envelope, signer: nil, now: now) } == .authenticationFailed)
        #expect(code { _ = try server.admit(envelope, signer: SigningKey.generate().publicKey, now: now) } == .authenticationFailed)
        var forged = envelope
        forged.signature[0] ^= 1
        #expect(code { _ = try server.admit(forged, signer: clientKey.publicKey, now: now) } == .authenticationFailed)
        #expect(!server.authenticated)
    }

    @Test func requestForAnotherConnectionIsAReplay() throws {
        var (serverA, _) = try established()
        let (_, clientB) = try established()
        var clientB2 = clientB
        let (fromB, _) = try clientB2.makeRequest(.status(.init()), now: now)
        #expect(code { _ = try serverA.admit(fromB, signer: clientKey.publicKey, now: now) } == .replay)
    }

    @Test func repeatedOrDecreasingSequenceIsRefused() throws {
        var (server, client) = try established()
        let (first, _) = try client.makeRequest(.status(.init()), now: now)
        let (second, _) = try client.makeRequest(.status(.init()), now: now)
        _ = try server.admit(second, signer: clientKey.publicKey, now: now)
        #expect(code { _ = try server.admit(second, signer: clientKey.publicKey, now: now) } == .badSequence)
        #expect(code { _ = try server.admit(first, signer: clientKey.publicKey, now: now) } == .badSequence)
    }

    @Test func staleTimestampAndWrongVersionAreRefused() throws {
        var (server, client) = try established()
        let (old, _) = try client.makeRequest(.status(.init()), now: now - 10 * 60 * 1000)
        #expect(code { _ = try server.admit(old, signer: clientKey.publicKey, now: now) } == .staleTimestamp)
        let established = client.established!
        let wrongVersion = Chibo_V1_Request.with {
            $0.version = .with {
                $0.major = 1; $0.minor = 5
            }
            $0.sessionNonce = established.sessionNonce
            $0.sequence = 10
            $0.requestID = Data(Sodium.randomBytes(16))
            $0.timestampMs = now
            $0.status = .init()
        }
        let envelope = Chibo_V1_Envelope.signing(wrongVersion, with: clientKey, context: .request)
        #expect(code { _ = try server.admit(envelope, signer: clientKey.publicKey, now: now) } == .badRequest)
    }

    @Test func signedGarbageBodyIsABadRequest() throws {
        var (server, _) = try established()
        let envelope = Chibo_V1_Envelope.signing(body: [0xFF, 0xFF, 0xFF], with: clientKey, context: .request)
        #expect(code { _ = try server.admit(envelope, signer: clientKey.publicKey, now: now) } == .badRequest)
    }

    @Test func clientRefusesForgedOrMismatchedResponses() throws {
        var (server, client) = try established()
        let (envelope, pending) = try client.makeRequest(.status(.init()), now: now)
        let admitted = try server.admit(envelope, signer: clientKey.publicKey, now: now)
        var forged = server.response(.status(.init()), to: admitted, now: now)
        forged.signature[5] ^= 1
        #expect(code { _ = try client.openResponse(payload(forged.frame()), for: pending) } == .badResponse)
        let (_, otherPending) = try client.makeRequest(.status(.init()), now: now)
        let genuine = server.response(.status(.init()), to: admitted, now: now)
        #expect(code { _ = try client.openResponse(payload(genuine.frame()), for: otherPending) } == .badResponse)
        let impostor = ServerSession(daemonKey: SigningKey.generate(), limits: ProtocolLimits())
        let fake = impostor.response(.status(.init()), to: admitted, now: now)
        #expect(code { _ = try client.openResponse(payload(fake.frame()), for: pending) } == .badResponse)
    }

    @Test func serverHelloForAnotherClientIsRefused() throws {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        _ = try server.receivePreamble(Preamble(major: 1, minor: 0))
        var otherHello = ClientSession(key: clientKey).helloFrame(clientName: "other")
        let reply = try server.receiveHello(
            frame: otherHello.readLengthPrefixedSlice(as: UInt32.self)!, sessionNonce: Sodium.randomBytes(32), now: now,
            requireSealing: false)
        var client = ClientSession(key: clientKey)
        try client.receivePreamble(Preamble(major: 1, minor: 0))
        #expect(code { _ = try client.receiveServerHello(payload(reply.envelope.frame())) } == .badResponse)
    }

    @Test func daemonErrorsReachTheClientTyped() throws {
        var (server, client) = try established()
        let (envelope, pending) = try client.makeRequest(.status(.init()), now: now)
        let admitted = try server.admit(envelope, signer: clientKey.publicKey, now: now)
        let reply = server.response(
            .error(Chibo_V1_Error(WireError(.forbidden, "no"), requestID: admitted.request.requestID)), to: admitted, now: now)
        #expect(code { _ = try client.openResponse(payload(reply.frame()), for: pending) } == .forbidden)
    }
}

/// How the session decides to end a connection after a failure; the connection only carries it out.
@Suite struct ClosingTests {
    let daemonKey = SigningKey.generate()

    @Test func beforeOurPreambleNothingIsSaid() {
        let server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        guard case .silently = server.closing(after: WireError(.timeout, "x"), now: 0) else {
            Issue.record("a peer that never got our preamble was told something")
            return
        }
    }

    @Test func beforeAuthenticationOnlyTheClassIsTold() throws {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        _ = try server.receivePreamble(Preamble(major: 1, minor: 1))
        for (error, told) in [
            (WireError(.replay, "another connection's nonce"), WireError.Code.authenticationFailed),
            (WireError(.badSequence, "3 is not above 5"), .authenticationFailed),
            (WireError(.frameTooLarge, "9 bytes over"), .frameTooLarge),
            (WireError(.encryptionRequired, "ask for it"), .encryptionRequired),
        ] {
            guard case .reply(let envelope, let shown) = server.closing(after: error, now: 0) else {
                Issue.record("no reply for \(error)")
                continue
            }
            #expect(shown.code == told)
            let response = try Chibo_V1_Response(serializedBytes: Array(envelope.body))
            #expect(response.error.code == told.rawValue && response.requestID.isEmpty)
            if told == .authenticationFailed { #expect(response.error.message == "authentication failed") }
        }
    }
}

/// The actions the session returns for what arrives: the connection only carries them out.
@Suite struct ActionTests {
    let daemonKey = SigningKey.generate()
    let clientKey = SigningKey.generate()

    func payload(_ frame: ByteBuffer) -> ByteBuffer {
        var frame = frame
        return frame.readLengthPrefixedSlice(as: UInt32.self)!
    }

    @Test func aWholeConnectionAsActions() throws {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        var client = ClientSession(key: clientKey)
        guard case .send(let preamble) = server.receive(.preamble(client.preamble), now: 0, requireSealing: true) else {
            Issue.record("preamble not answered"); return
        }
        var bytes = preamble
        try client.receivePreamble(try #require(try Preamble.read(from: &bytes)))
        guard
            case .hello(let hello, let transport?) = server.receive(
                .frame(payload(client.helloFrame(clientName: "t"))), now: 0, requireSealing: true)
        else { Issue.record("no sealed hello"); return }
        _ = transport
        _ = try client.receiveServerHello(payload(hello.frame()))
        let (envelope, _) = try client.makeRequest(.status(.init()), now: 0)
        guard case .authenticate(let received) = server.receive(.frame(payload(envelope.frame())), now: 0, requireSealing: true) else {
            Issue.record("no authentication asked"); return
        }
        guard case .dispatch(_, firstAdmission: true) = server.admit(received, signer: clientKey.publicKey, now: 0, slotFree: true) else {
            Issue.record("not dispatched"); return
        }
        // No free slot: busy, and the connection stays.
        let (second, _) = try client.makeRequest(.status(.init()), now: 0)
        guard case .reply(let busy) = server.admit(second, signer: clientKey.publicKey, now: 0, slotFree: false) else {
            Issue.record("no busy"); return
        }
        #expect(try Chibo_V1_Response(serializedBytes: Array(busy.body)).error.code == "busy")
        // The same request again: bad sequence, told specifically now that the peer has authenticated.
        guard case .replyAndClose(let refused, let reason) = server.admit(second, signer: clientKey.publicKey, now: 0, slotFree: true)
        else {
            Issue.record("no close"); return
        }
        #expect(reason.code == .badSequence)
        #expect(try Chibo_V1_Response(serializedBytes: Array(refused.body)).error.code == "bad_sequence")
    }

    @Test func refusalsBeforeTheHelloAreActionsToo() {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        guard case .sendAndClose = server.receive(.preamble(Preamble(major: 2, minor: 0)), now: 0, requireSealing: false) else {
            Issue.record("an unknown major was not refused with our preamble"); return
        }
        var plain = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        _ = plain.receive(.preamble(Preamble(major: 1, minor: 0)), now: 0, requireSealing: true)
        let oldHello = ClientSession(key: clientKey, minor: 0, sealing: false).helloFrame(clientName: "old")
        guard case .replyAndClose(_, let reason) = plain.receive(.frame(payload(oldHello)), now: 0, requireSealing: true) else {
            Issue.record("a plaintext client was not refused"); return
        }
        #expect(reason.code == .encryptionRequired)
    }
}

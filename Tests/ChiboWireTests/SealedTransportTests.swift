import ChiboWire
import Foundation
import NIOCore
import Testing

/// The confidential transport's key exchange and frame sealing, driven directly on the two session types.
@Suite struct SealedTransportTests {
    let daemonKey = SigningKey.generate()
    let clientKey = SigningKey.generate()
    let now: Int64 = 1_795_000_000_000

    func payload(_ frame: ByteBuffer) -> ByteBuffer {
        var frame = frame
        return frame.readLengthPrefixedSlice(as: UInt32.self)!
    }

    /// Runs the hellos; `tamper` may change the client hello or the server hello's envelope in flight.
    func handshake(
        sealing: Bool = true, requireSealing: Bool = false,
        tamperHello: (inout Chibo_V1_ClientHello) -> Void = { _ in },
        tamperReply: (inout Chibo_V1_Envelope) -> Void = { _ in }
    ) throws -> (server: SealedTransport?, client: ClientSession.Established) {
        var server = ServerSession(daemonKey: daemonKey, limits: ProtocolLimits())
        var client = ClientSession(key: clientKey, sealing: sealing)
        guard case .proceed(let reply) = try server.receivePreamble(client.preamble) else { throw WireError(.protocolError, "refused") }
        try client.receivePreamble(reply)
        var hello = try Chibo_V1_ClientHello(serializedBytes: Array(payload(client.helloFrame(clientName: "t")).readableBytesView))
        tamperHello(&hello)
        let answer = try server.receiveHello(
            frame: ByteBuffer(bytes: try hello.serializedBytes() as [UInt8]), sessionNonce: Sodium.randomBytes(32), now: now,
            requireSealing: requireSealing)
        var envelope = answer.envelope
        tamperReply(&envelope)
        return (answer.transport, try client.receiveServerHello(payload(envelope.frame())))
    }

    func code(_ body: () throws -> Void) -> WireError.Code? {
        do { try body() } catch let error as WireError { return error.code } catch { return nil }
        return nil
    }

    @Test func bothSidesDeriveMatchingKeysAndFramesOpenInOrderOnly() throws {
        let (serverSide, established) = try handshake()
        var server = try #require(serverSide)
        var client = try #require(established.transport)
        let first = client.seal(Array("Nguyễn Văn An".utf8))
        let second = client.seal(Array("Trần Thị Bình".utf8))
        #expect(!first.contains(subsequence: Array("Nguy".utf8)))
        #expect(first.count == "Nguyễn Văn An".utf8.count + Sodium.aeadTagBytes)
        // Out of order: the second frame does not open as the first.
        var reordered = server
        #expect(code { _ = try reordered.open(second) } == .protocolError)
        #expect(try server.open(first) == Array("Nguyễn Văn An".utf8))
        // Replayed: the first frame does not open again.
        var replayed = server
        #expect(code { _ = try replayed.open(first) } == .protocolError)
        // Altered: one flipped bit anywhere fails.
        var altered = second
        altered[3] ^= 0x01
        var tampered = server
        #expect(code { _ = try tampered.open(altered) } == .protocolError)
        #expect(try server.open(second) == Array("Trần Thị Bình".utf8))
        // Cut off: a frame shorter than its tag fails.
        #expect(code { _ = try server.open(Array(first.prefix(10))) } == .protocolError)
        // And the other direction has its own key and counter.
        let answer = server.seal([1, 2, 3])
        #expect(try client.open(answer) == [1, 2, 3])
    }

    @Test func plaintextClientIsRefusedWhenSealingIsRequiredAndServedOtherwise() throws {
        #expect(code { _ = try handshake(sealing: false, requireSealing: true) } == .encryptionRequired)
        let (server, established) = try handshake(sealing: false, requireSealing: false)
        #expect(server == nil && established.transport == nil)
    }

    @Test func aMiddlemanCannotSubstituteEitherKeyExchange() throws {
        // The client's X25519 key replaced on the way: the signed hello echoes the substitute, and the client sees it.
        #expect(code { _ = try handshake(tamperHello: { $0.kxPublicKey = Data(KeyExchange().publicKey) }) } == .badResponse)
        // The daemon's X25519 key replaced in the signed hello: the signature no longer verifies.
        #expect(
            code {
                _ = try handshake(tamperReply: { envelope in
                    var hello = try! Chibo_V1_ServerHello(serializedBytes: Array(envelope.body))
                    hello.kxPublicKey = Data(KeyExchange().publicKey)
                    envelope.body = try! hello.serializedData()
                })
            } != nil)
        // The feature stripped from the client hello (a downgrade): the client refuses the plaintext answer.
        #expect(
            code {
                _ = try handshake(tamperHello: {
                    $0.features = []; $0.kxPublicKey = Data()
                })
            } == .badResponse)
    }

    @Test func aKeyThatIsNotAPointIsRefused() throws {
        #expect(code { _ = try handshake(tamperHello: { $0.kxPublicKey = Data(repeating: 0, count: 32) }) } == .protocolError)
        #expect(code { _ = try handshake(tamperHello: { $0.kxPublicKey = Data([1, 2, 3]) }) } == .protocolError)
    }

    @Test func nonceIsTheCounterBigEndian() {
        // Documented in PROTOCOL.md §4.1 so other languages can build it.
        #expect(SealedTransport.nonceBytes(0) == [UInt8](repeating: 0, count: 12))
        #expect(SealedTransport.nonceBytes(258) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2])
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<$0 + subsequence.count]) == subsequence }
    }
}

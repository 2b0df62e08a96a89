import ChiboWire
import Foundation
import NIOCore
import NIOEmbedded
import Testing

/// Random and mutated inputs for the two decoders that see untrusted bytes first. A seeded generator keeps
/// every run the same, so a failure can be replayed; the property is "a typed error or a value, never a crash,
/// never an unbounded buffer".
@Suite struct FuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func frameDecoderSurvivesRandomStreams() throws {
        var rng = SplitMix64(state: 0xC41B0)
        for _ in 0..<3000 {
            let channel = EmbeddedChannel()
            let limit = NIOLoopBoundBox(UInt32(256), eventLoop: channel.eventLoop)
            try channel.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(FrameDecoder(maxFrameBytes: limit, frameTimeout: nil)))
            var bytes = Preamble(major: 1, minor: 0).bytes
            if Bool.random(using: &rng) { bytes.clear() }
            let count = Int.random(in: 0..<600, using: &rng)
            bytes.writeBytes((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
            do {
                try channel.writeInbound(bytes)
                while let item = try channel.readInbound(as: InboundItem.self) {
                    if case .frame(let frame) = item { #expect(frame.readableBytes <= 256) }
                }
                _ = try channel.finish()
            } catch is WireError {
                // A typed refusal is a correct outcome for random input.
            }
        }
    }

    @Test func envelopeParserSurvivesRandomAndMutatedBytes() throws {
        var rng = SplitMix64(state: 0xE7E1)
        let key = SigningKey.generate()
        let original = Chibo_V1_Envelope.signing(body: [1, 2, 3], with: key, context: .request)
        let valid: [UInt8] = try original.serializedBytes()
        for round in 0..<5000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0..<200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            // Whatever parses and still verifies must carry the original body and signature untouched.
            if let envelope = try? Chibo_V1_Envelope(frame: ByteBuffer(bytes: bytes), limits: ProtocolLimits()),
                envelope.verify(with: key.publicKey, context: .request)
            {
                #expect(envelope.body == original.body && envelope.signature == original.signature)
            }
        }
    }

    @Test func untrustedDecodingAppliesTheDepthLimit() throws {
        // Response > KeyList > KeyInfo nests three messages deep.
        let response = Chibo_V1_Response.with {
            $0.result = .keys(.with { $0.keys = [.with { $0.name = "Phạm Thị Dung" }] })
        }
        let bytes: [UInt8] = try response.serializedBytes()
        var shallow = ProtocolLimits()
        shallow.messageDepthLimit = 2
        #expect(throws: (any Error).self) { try Chibo_V1_Response(serializedBytes: bytes, options: .untrusted(shallow)) }
        let decoded = try Chibo_V1_Response(serializedBytes: bytes, options: .untrusted(ProtocolLimits()))
        #expect(decoded == response)
    }
}

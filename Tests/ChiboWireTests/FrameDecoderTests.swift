import ChiboWire
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite struct FrameDecoderTests {
    let preamble = Preamble(major: 1, minor: 0)

    func channel(limit: UInt32 = 1024, timeout: TimeAmount? = .seconds(5)) throws -> (EmbeddedChannel, NIOLoopBoundBox<UInt32>) {
        let channel = EmbeddedChannel()
        let box = NIOLoopBoundBox(limit, eventLoop: channel.eventLoop)
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(FrameDecoder(maxFrameBytes: box, frameTimeout: timeout)))
        return (channel, box)
    }

    func stream(_ payloads: [[UInt8]]) -> ByteBuffer {
        var buffer = preamble.bytes
        for payload in payloads { buffer.writeFrame(payload) }
        return buffer
    }

    @Test func verifierFeedsEveryWayOfSplittingTheStream() throws {
        // The verifier replays inputs through one decoder, so it checks the frame layer past the preamble.
        let payloads: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 7, count: 300)]
        let pairs = payloads.map { (ByteBuffer.frame($0), [InboundItem.frame(ByteBuffer(bytes: $0))]) }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            let loop = EmbeddedEventLoop()
            return FrameDecoder(
                maxFrameBytes: NIOLoopBoundBox(1024, eventLoop: loop), frameTimeout: nil, expectPreamble: false)
        }
    }

    @Test func oneByteAtATimeAndAllAtOnceGiveTheSameItems() throws {
        let input = stream([[9, 8, 7, 6], Array("xin chào".utf8)])
        let (whole, _) = try channel()
        try whole.writeInbound(input)
        let (trickled, _) = try channel()
        for byte in input.readableBytesView { try trickled.writeInbound(ByteBuffer(bytes: [byte])) }
        for channel in [whole, trickled] {
            #expect(try channel.readInbound(as: InboundItem.self) == .preamble(preamble))
            #expect(try channel.readInbound(as: InboundItem.self) == .frame(ByteBuffer(bytes: [9, 8, 7, 6])))
            #expect(try channel.readInbound(as: InboundItem.self) == .frame(ByteBuffer(bytes: Array("xin chào".utf8))))
            #expect(try channel.readInbound(as: InboundItem.self) == nil)
        }
    }

    @Test func oversizedHeaderIsRefusedBeforeAnyPayloadArrives() throws {
        let (channel, _) = try channel(limit: 100)
        var input = preamble.bytes
        input.writeInteger(UInt32(101))  // the header alone, no payload at all
        #expect {
            try channel.writeInbound(input)
        } throws: { ($0 as? WireError)?.code == .frameTooLarge }
    }

    @Test func raisedLimitAdmitsLargerFrames() throws {
        let (channel, box) = try channel(limit: 10)
        try channel.writeInbound(stream([Array(repeating: 1, count: 10)]))
        box.value = 1000
        try channel.writeInbound(ByteBuffer.frame(Array(repeating: 2, count: 500)))
        _ = try channel.readInbound(as: InboundItem.self)
        _ = try channel.readInbound(as: InboundItem.self)
        #expect(try channel.readInbound(as: InboundItem.self) == .frame(ByteBuffer(bytes: Array(repeating: 2, count: 500))))
    }

    @Test func wrongMagicIsAProtocolError() throws {
        let (channel, _) = try channel()
        #expect {
            try channel.writeInbound(ByteBuffer(bytes: Array("GET / HTTP/1.1\r\n".utf8)))
        } throws: { ($0 as? WireError)?.code == .protocolError }
    }

    @Test func streamEndingMidFrameIsAnError() throws {
        let (channel, _) = try channel()
        var input = preamble.bytes
        input.writeInteger(UInt32(10))
        input.writeBytes([1, 2, 3])
        try channel.writeInbound(input)
        #expect { try channel.finish() } throws: { ($0 as? WireError)?.code == .protocolError }
    }

    @Test func halfReadFrameTimesOut() throws {
        let (channel, _) = try channel(timeout: .seconds(2))
        let errors = ErrorCatcher()
        try channel.pipeline.syncOperations.addHandler(errors)
        var input = preamble.bytes
        input.writeInteger(UInt32(10))
        input.writeBytes([1])
        try channel.writeInbound(input)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(errors.caught.isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(errors.caught.map(\.code) == [.timeout])
    }

    @Test func completedFrameCancelsTheDeadline() throws {
        let (channel, _) = try channel(timeout: .seconds(2))
        let errors = ErrorCatcher()
        try channel.pipeline.syncOperations.addHandler(errors)
        var input = preamble.bytes
        input.writeInteger(UInt32(2))
        input.writeBytes([1])
        try channel.writeInbound(input)
        try channel.writeInbound(ByteBuffer(bytes: [2]))
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(errors.caught.isEmpty)
    }
}

/// Records errors that reach the end of the pipeline.
final class ErrorCatcher: ChannelInboundHandler {
    typealias InboundIn = InboundItem
    var caught: [WireError] = []

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? WireError { caught.append(error) }
    }
}

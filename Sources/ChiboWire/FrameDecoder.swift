import NIOCore

/// Splits a byte stream into the peer's preamble and then length-prefixed frames.
///
/// The length header is checked against the current maximum before any payload is buffered, so an
/// unauthenticated peer cannot make the daemon hold more than `maxFrameBytesBeforeAuth`. A frame whose
/// first byte has arrived must be complete within `frameTimeout`, so a peer trickling bytes cannot hold
/// a connection open forever.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = InboundItem

    private let maxFrameBytes: NIOLoopBoundBox<UInt32>
    private let frameTimeout: TimeAmount?
    private var preambleSeen = false
    private var deadline: Scheduled<Void>?

    /// - Parameters:
    ///   - maxFrameBytes: read on every header, so the owner can raise it once the peer is authenticated.
    ///   - expectPreamble: false decodes frames only (for a stream whose preamble was read elsewhere).
    public init(maxFrameBytes: NIOLoopBoundBox<UInt32>, frameTimeout: TimeAmount?, expectPreamble: Bool = true) {
        self.maxFrameBytes = maxFrameBytes
        self.frameTimeout = frameTimeout
        self.preambleSeen = !expectPreamble
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !preambleSeen {
            guard let preamble = try Preamble.read(from: &buffer) else { return waitForRest(context, buffer) }
            preambleSeen = true
            context.fireChannelRead(wrapInboundOut(.preamble(preamble)))
            return .continue
        }
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else {
            return waitForRest(context, buffer)
        }
        let limit = maxFrameBytes.value
        guard length <= limit else {
            throw WireError(.frameTooLarge, "frame of \(length) bytes exceeds the limit of \(limit)")
        }
        guard let payload = buffer.readLengthPrefixedSlice(as: UInt32.self) else {
            return waitForRest(context, buffer)
        }
        disarm()
        context.fireChannelRead(wrapInboundOut(.frame(payload)))
        return .continue
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        let state = try decode(context: context, buffer: &buffer)
        if case .needMoreData = state, buffer.readableBytes > 0 {
            disarm()
            throw WireError(.protocolError, "connection closed in the middle of a frame")
        }
        return state
    }

    public mutating func decoderRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    private mutating func waitForRest(_ context: ChannelHandlerContext, _ buffer: ByteBuffer) -> DecodingState {
        if buffer.readableBytes == 0 {
            disarm()
        } else if deadline == nil, let frameTimeout {
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: frameTimeout) {
                context.fireErrorCaught(WireError(.timeout, "frame not completed in time"))
            }
        }
        return .needMoreData
    }

    private mutating func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

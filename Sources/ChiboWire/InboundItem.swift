import NIOCore

/// What the frame decoder yields: the peer's preamble once, then each frame's payload.
public enum InboundItem: Sendable, Equatable {
    case preamble(Preamble)
    case frame(ByteBuffer)
}

extension ByteBuffer {
    /// Appends `payload` as one frame: a 4-byte big-endian length, then the bytes.
    public mutating func writeFrame(_ payload: some Collection<UInt8>) {
        // The length-prefix helper cannot fail for payloads under 4 GiB, and every caller's is far smaller.
        try! writeLengthPrefixed(as: UInt32.self) { $0.writeBytes(payload) }
    }

    public static func frame(_ payload: some Collection<UInt8>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(payload.count + 4)
        buffer.writeFrame(payload)
        return buffer
    }
}

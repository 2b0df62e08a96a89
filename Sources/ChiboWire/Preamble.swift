import NIOCore

/// The 8 bytes each side sends first: "CHBO", then major and minor as big-endian UInt16.
public struct Preamble: Equatable, Sendable {
    public static let magic: UInt32 = 0x4348_424F  // "CHBO"
    public static let byteCount = 8

    public var major: UInt16
    public var minor: UInt16

    public init(major: UInt16, minor: UInt16) {
        self.major = major
        self.minor = minor
    }

    /// Reads a preamble; throws `protocol_error` on a wrong magic. Returns nil when fewer than 8 bytes wait.
    public static func read(from buffer: inout ByteBuffer) throws -> Preamble? {
        guard buffer.readableBytes >= byteCount else { return nil }
        let magic = buffer.readInteger(as: UInt32.self)!
        guard magic == Self.magic else {
            throw WireError(.protocolError, "not a chibo peer")
        }
        let major = buffer.readInteger(as: UInt16.self)!
        let minor = buffer.readInteger(as: UInt16.self)!
        return Preamble(major: major, minor: minor)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.magic)
        buffer.writeInteger(major)
        buffer.writeInteger(minor)
    }

    public var bytes: ByteBuffer {
        var buffer = ByteBuffer()
        write(to: &buffer)
        return buffer
    }
}

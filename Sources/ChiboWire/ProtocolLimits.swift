import NIOCore

/// Named size and time limits of a connection. Defaults suit a district server; tests shorten the timeouts.
public struct ProtocolLimits: Sendable, Equatable {
    public var maxFrameBytes: UInt32 = 4 << 20
    public var maxFrameBytesBeforeAuth: UInt32 = 16 << 10
    public var maxInFlight: Int = 16
    public var maxConnections: Int = 256
    /// Of `maxConnections`, the slots only the Unix socket may use: a local admin always gets in.
    public var reservedUnixConnections: Int = 16
    /// TCP connections are refused while this many connections have not authenticated yet.
    public var maxUnauthenticatedConnections: Int = 64
    /// Connections from one TCP address at once.
    public var maxConnectionsPerAddress: Int = 32
    public var handshakeTimeout: TimeAmount = .seconds(10)
    /// From connect to the first admitted signed request (OpenSSH's LoginGraceTime): a peer without a key
    /// cannot hold a slot longer than this.
    public var authenticationTimeout: TimeAmount = .seconds(20)
    public var frameTimeout: TimeAmount = .seconds(15)
    public var idleTimeout: TimeAmount = .seconds(300)
    /// How far a request's timestamp may stray from the daemon's clock (a second line of defence only).
    public var timestampWindowMilliseconds: Int64 = 5 * 60 * 1000
    /// Chunks one import may stage before its last.
    public var maxImportChunks: Int = 2048
    /// Bytes of staged chunks one key may hold at once, over all its unfinished imports.
    public var maxStagedBytesPerKey: Int = 1 << 30
    /// Unfinished imports one key may have at once.
    public var maxOpenImportsPerKey: Int = 4
    /// Unfinished imports older than this are dropped (checked every `importSweepInterval`).
    public var importLifetime: TimeAmount = .hours(24)
    public var importSweepInterval: TimeAmount = .minutes(10)
    /// How long a chunk that arrives before the chunks ahead of it are staged waits for them (a 1.4 client
    /// sends an import's chunks without waiting for each answer).
    public var importChunkWait: TimeAmount = .seconds(30)
    /// Nesting depth allowed when decoding untrusted protobuf.
    public var messageDepthLimit: Int = 16

    public init() {}

    /// The limits if they make sense together, else `invalid_argument` naming the setting as `chibod run`'s
    /// flag does. The daemon refuses to start with limits that fail this.
    public func validated() throws -> ProtocolLimits {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw WireError(.invalidArgument, message) }
        }
        for (name, value) in [
            ("handshake", handshakeTimeout), ("frame", frameTimeout), ("idle", idleTimeout),
            ("authentication", authenticationTimeout),
        ] {
            try require(value.nanoseconds > 0, "--\(name)-timeout must be positive")
        }
        try require(
            importLifetime.nanoseconds > 0 && importSweepInterval.nanoseconds > 0 && importChunkWait.nanoseconds >= 0,
            "--import-lifetime and --import-sweep-interval must be positive, --import-chunk-wait not negative")
        try require(maxImportChunks > 0 && maxStagedBytesPerKey > 0 && maxOpenImportsPerKey > 0, "import limits must be positive")
        try require(timestampWindowMilliseconds > 0, "--timestamp-window must be positive")
        try require(
            maxConnections > 0 && maxInFlight > 0 && messageDepthLimit > 0 && maxUnauthenticatedConnections > 0
                && maxConnectionsPerAddress > 0, "limits must be positive")
        try require(
            reservedUnixConnections >= 0 && reservedUnixConnections < maxConnections,
            "--reserved-unix-connections must be at least 0 and below --max-connections")
        try require(
            maxFrameBytesBeforeAuth >= 1024 && maxFrameBytes >= maxFrameBytesBeforeAuth,
            "--max-frame-bytes-before-auth must be at least 1024 and at most --max-frame-bytes")
        return self
    }

    /// Records a `list_records` page holds when the request names no limit, and the most it may ask for.
    public static let defaultPageSize = 100
    public static let maxPageSize = 1000

    var message: Chibo_V1_Limits {
        .with {
            $0.maxFrameBytes = maxFrameBytes
            $0.maxFrameBytesBeforeAuth = maxFrameBytesBeforeAuth
            $0.maxInFlight = UInt32(maxInFlight)
            $0.idleTimeoutMs = UInt32(idleTimeout.nanoseconds / 1_000_000)
            $0.frameTimeoutMs = UInt32(frameTimeout.nanoseconds / 1_000_000)
            $0.timestampWindowMs = UInt32(timestampWindowMilliseconds)
        }
    }
}

import ChiboWire

/// Where and how the daemon serves. Immutable once the service starts.
public struct ServerConfiguration: Sendable {
    public var dataDirectory: DataDirectory
    /// TCP address to listen on as well as the Unix socket; nil serves the socket only.
    public var tcp: HostAndPort?
    public var limits: ProtocolLimits

    public init(dataDirectory: DataDirectory, tcp: HostAndPort? = nil, limits: ProtocolLimits = ProtocolLimits()) {
        self.dataDirectory = dataDirectory
        self.tcp = tcp
        self.limits = limits
    }
}

import ChiboWire
import Prometheus

/// Where and how the daemon serves. Immutable once the service starts.
public struct ServerConfiguration: Sendable {
    public var dataDirectory: DataDirectory
    /// TCP address to listen on as well as the Unix socket; nil serves the socket only.
    public var tcp: HostAndPort?
    public var limits: ProtocolLimits
    /// Serve TCP clients that do not ask for the confidential transport. Only for a loopback address:
    /// anything else sends members' names across a network in clear.
    public var allowPlaintextTCP: Bool
    /// Where to serve `GET /metrics`, and the registry the metrics backend writes to (both or neither).
    public var metrics: (address: HostAndPort, registry: PrometheusCollectorRegistry)?

    public init(dataDirectory: DataDirectory, tcp: HostAndPort? = nil, limits: ProtocolLimits = ProtocolLimits(),
                allowPlaintextTCP: Bool = false) {
        self.dataDirectory = dataDirectory
        self.tcp = tcp
        self.limits = limits
        self.allowPlaintextTCP = allowPlaintextTCP
    }
}

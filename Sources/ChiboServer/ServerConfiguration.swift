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
    /// The upper daemon this one pushes its journal to (docs/upward.md); nil pushes nowhere.
    public var upstream: UpstreamTarget?
    /// The most concurrent writes one commit (one sync) takes; 1 commits each write alone, for comparison.
    public var maxCommitGroup = 256

    /// Refuses limits that do not make sense together and plaintext TCP anywhere but on a loopback address.
    public init(
        dataDirectory: DataDirectory, tcp: HostAndPort? = nil, limits: ProtocolLimits = ProtocolLimits(),
        allowPlaintextTCP: Bool = false
    ) throws {
        do {
            self.limits = try limits.validated()
        } catch let error as WireError {
            throw ServerError(.invalidConfiguration, error.message)
        }
        if allowPlaintextTCP {
            guard let tcp else { throw ServerError(.invalidConfiguration, "--allow-plaintext-tcp needs --listen") }
            guard tcp.isLoopback else {
                throw ServerError(.invalidConfiguration, "--allow-plaintext-tcp is for loopback addresses only, not \(tcp.host)")
            }
        }
        self.dataDirectory = dataDirectory
        self.tcp = tcp
        self.allowPlaintextTCP = allowPlaintextTCP
    }
}

/// Where a daemon pushes its journal, and how.
public struct UpstreamTarget: Sendable {
    public var address: HostAndPort
    /// The key the upper daemon must show; nil pins the key it shows first (in the data directory's
    /// `known_daemons`).
    public var daemonKey: KeyID?
    /// Entries per bundle, in bytes of envelopes; 0 for the default (half the largest frame).
    public var maxBundleBytes: Int

    public init(address: HostAndPort, daemonKey: KeyID? = nil, maxBundleBytes: Int = 0) {
        self.address = address
        self.daemonKey = daemonKey
        self.maxBundleBytes = maxBundleBytes
    }
}

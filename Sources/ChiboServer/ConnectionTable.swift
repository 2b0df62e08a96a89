import ChiboWire
import Logging
import Synchronization

/// Every open connection, and the rules for letting a new one in (PROTOCOL.md §9):
/// - TCP may use the total less the slots reserved for the Unix socket, so no network peer can starve a local
///   admin; each TCP address at most `maxConnectionsPerAddress`; and TCP connections are refused while
///   `maxUnauthenticatedConnections` peers have not yet authenticated (OpenSSH's `MaxStartups`);
/// - the Unix socket may use every slot; when all are taken, the oldest connection that has not authenticated
///   (TCP first) is dropped to make room. An authenticated connection is never dropped for a newcomer.
/// Refusals are logged at most every `logInterval`, with counts per limit.
final class ConnectionTable: Sendable {
    enum Transport: Sendable, Equatable {
        case unix
        case tcp(address: String)
    }

    enum Decision: Sendable {
        /// Serve it; first close `evicting` (an unauthenticated connection dropped to make room).
        case admit(id: Int, evicting: (@Sendable () -> Void)?)
        case refuse(limit: String)
    }

    private struct Entry {
        let transport: Transport
        var authenticated = false
        let close: @Sendable () -> Void
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var refusals: [String: Int] = [:]
        var lastLog: ContinuousClock.Instant?
    }

    private let limits: ProtocolLimits
    private let logger: Logger
    private let logInterval: Duration
    private let state = Mutex(State())

    init(limits: ProtocolLimits, logger: Logger, logInterval: Duration = .seconds(10)) {
        self.limits = limits
        self.logger = logger
        self.logInterval = logInterval
    }

    /// Decides about a new connection; `close` closes it if it must later make room.
    func admit(_ transport: Transport, close: @escaping @Sendable () -> Void) -> Decision {
        let decision = state.withLock { state -> Decision in
            let entries = state.entries
            let unauthenticated = entries.values.filter { !$0.authenticated }
            var evicting: (@Sendable () -> Void)?
            switch transport {
            case .tcp:
                let tcp = entries.values.filter { $0.transport != .unix }
                if entries.count >= limits.maxConnections || tcp.count >= limits.maxConnections - limits.reservedUnixConnections {
                    return .refuse(limit: "connections")
                }
                if tcp.filter({ $0.transport == transport }).count >= limits.maxConnectionsPerAddress {
                    return .refuse(limit: "per_address")
                }
                if unauthenticated.count >= limits.maxUnauthenticatedConnections { return .refuse(limit: "unauthenticated") }
            case .unix:
                if entries.count >= limits.maxConnections {
                    let candidates = state.entries.filter { !$0.value.authenticated }
                        .sorted { ($0.value.transport == .unix ? 1 : 0, $0.key) < ($1.value.transport == .unix ? 1 : 0, $1.key) }
                    guard let victim = candidates.first else { return .refuse(limit: "connections") }
                    state.entries[victim.key] = nil
                    evicting = victim.value.close
                }
            }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(transport: transport, close: close)
            return .admit(id: id, evicting: evicting)
        }
        publishCounts()
        switch decision {
        case .refuse(let limit): noteRefusal(limit)
        case .admit(_, let evicting?): noteRefusal("evicted_unauthenticated"); evicting()
        case .admit: break
        }
        return decision
    }

    func authenticated(_ id: Int) {
        state.withLock { $0.entries[id]?.authenticated = true }
        publishCounts()
    }

    func release(_ id: Int) {
        state.withLock { $0.entries[id] = nil }
        publishCounts()
    }

    private func publishCounts() {
        let (total, unauthenticated) = counts
        DaemonMetrics.connections(total: total, unauthenticated: unauthenticated)
    }

    /// Open connections by state, for metrics and tests.
    var counts: (total: Int, unauthenticated: Int) {
        state.withLock { state in (state.entries.count, state.entries.values.filter { !$0.authenticated }.count) }
    }

    /// Counts a refusal and logs the counts when the last log is older than `logInterval`: a flood of peers
    /// costs one line every few seconds, not one per peer.
    private func noteRefusal(_ limit: String) {
        DaemonMetrics.refused(limit)
        let now = ContinuousClock.now
        let report: [String: Int]? = state.withLock { state in
            state.refusals[limit, default: 0] += 1
            if let last = state.lastLog, now - last < logInterval { return nil }
            state.lastLog = now
            defer { state.refusals = [:] }
            return state.refusals
        }
        guard let report else { return }
        logger.warning(
            "connections refused or dropped",
            metadata: [
                "counts": "\(report.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
            ])
    }
}

import ChiboClient
import ChiboWire
import Foundation
import Logging

/// Pushes this daemon's journal to the upper daemon over confidential TCP, as it grows. It signs with the
/// daemon key (enrolled above as a reporter) and always starts from what the upper daemon says it has
/// accepted, so a restart or an outage on either side loses nothing and applies nothing twice: the upper
/// daemon's own record is the only bookmark.
struct UpstreamPusher: Sendable {
    let address: HostAndPort
    let trust: DaemonTrust
    let bundles: UpstreamBundles
    let maxBundleBytes: Int
    let logger: Logger
    /// How often an idle connection looks for new entries.
    var pollInterval: Duration = .milliseconds(250)
    var maxBackoff: Duration = .seconds(30)

    /// Runs until the task is cancelled.
    func run() async {
        var backoff = Duration.milliseconds(500)
        while !Task.isCancelled {
            do {
                try await ChiboConnection.with(
                    .tcp(address), key: bundles.daemonKey, trust: trust, clientName: "chibod-upstream"
                ) { connection in
                    var next = try await acceptedSeq(connection) + 1
                    // A bundle must fit the upper daemon's frames, which may be smaller than this daemon's.
                    let upperHalfFrame = Int(connection.daemon.limits.maxFrameBytes) / 2
                    let bundleBytes = maxBundleBytes > 0 ? min(maxBundleBytes, upperHalfFrame) : upperHalfFrame
                    logger.notice("upstream connected", metadata: ["upper": "\(address)", "next-seq": "\(next)"])
                    backoff = .milliseconds(500)
                    while !Task.isCancelled {
                        let export = try await bundles.make(from: next, maxBytes: bundleBytes)
                        guard !export.bundle.entries.isEmpty else {
                            try await Task.sleep(for: pollInterval)
                            continue
                        }
                        guard
                            case .upstreamApply(let applied)? = try await connection.call(
                                .upstreamApply(.with { $0.bundle = export.bundle })
                            ).result
                        else { throw WireError(.badResponse, "the upper daemon answered upstream_apply with something else") }
                        next = Int64(applied.acceptedSeq) + 1
                        logger.info(
                            "upstream bundle accepted",
                            metadata: [
                                "from": "\(applied.fromSeq)", "to": "\(applied.toSeq)", "new-entries": "\(applied.acceptedEntries)",
                            ])
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                guard !Task.isCancelled else { return }
                let level: Logger.Level = (error as? WireError)?.reason == "fork" ? .critical : .warning
                logger.log(
                    level: level, "upstream: cannot push, retrying",
                    metadata: ["upper": "\(address)", "error": "\(error)", "retry-in": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }

    /// The last entry of this daemon's journal the upper daemon holds (0 before the first bundle).
    private func acceptedSeq(_ connection: ChiboConnection) async throws -> Int64 {
        guard case .upstreamStatus(let status)? = try await connection.call(.upstreamStatus(.init())).result else {
            throw WireError(.badResponse, "the upper daemon answered upstream_status with something else")
        }
        return Int64(status.peers.first { $0.keyID == bundles.daemonKey.id.data }?.acceptedSeq ?? 0)
    }
}

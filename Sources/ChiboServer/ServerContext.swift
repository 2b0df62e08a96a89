import ChiboStore
import ChiboWire
import Foundation
import Logging

/// What every connection shares: the daemon's identity, its data and its limits.
struct ServerContext: Sendable {
    let daemonKey: SigningKey
    /// Rotations leading to `daemonKey`, sent in every hello.
    let rotations: [Chibo_V1_KeyRotation]
    let store: Store
    let keys: KeyRegistry
    let backups: Backups
    let limits: ProtocolLimits
    let startedAt: ContinuousClock.Instant
    let logger: Logger
    let importFailures = ImportFailures()

    static let daemonVersion = ChiboVersion.string

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

import ChiboWire
import Foundation

/// Where a daemon listens.
public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case tcp(HostAndPort)

    public static func unixSocket(_ path: String) -> Endpoint {
        .unix(path: URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    /// The name a pinned daemon key is stored under.
    public var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .tcp(let address): "tcp:\(address)"
        }
    }
}

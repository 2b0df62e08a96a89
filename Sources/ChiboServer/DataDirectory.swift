import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The files a daemon owns. The directory is 0700 so that the socket and keys inside are private
/// whatever the umask.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    public var database: String { path + "/chibo.sqlite" }
    public var daemonSecretKey: String { path + "/daemon.key" }
    public var daemonPublicKey: String { path + "/daemon.pub" }
    public var socket: String { path + "/chibod.sock" }
    public var lock: String { path + "/chibod.lock" }
    /// Snapshots of online backups being read out (removed once read, or after an hour).
    public var backups: String { path + "/backups" }
    /// The upper daemon's key, pinned on first contact when this daemon pushes its journal up.
    public var knownDaemons: String { path + "/known_daemons" }

    /// Creates the directory with a database, a daemon key pair and `admin` enrolled as the first admin.
    /// Everything is prepared in a sibling temporary directory and renamed into place, so a failure leaves
    /// nothing behind. Refuses an existing directory.
    public static func initialise(at path: String, admin: PublicKey, adminName: String) throws -> DataDirectory {
        let target = DataDirectory(path: path)
        if FileManager.default.fileExists(atPath: target.path) {
            throw ServerError(.dataDirectoryExists, "\(target.path) already exists; chibod init never overwrites")
        }
        let staging = DataDirectory(path: target.path + ".init-\(getpid())")
        guard mkdir(staging.path, 0o700) == 0 else {
            throw ServerError(.dataDirectoryUnsafe, "cannot create \(staging.path): \(String(cString: strerror(errno)))")
        }
        do {
            let daemonKey = SigningKey.generate()
            try KeyFile.writePrivately(KeyFile.secretText(daemonKey), to: staging.daemonSecretKey)
            try KeyFile.writePrivately(
                KeyFile.publicText(daemonKey.publicKey, name: "chibod"), to: staging.daemonPublicKey, mode: 0o644)
            let store = try Store.create(at: staging.database, hash: Self.chainHash)
            try store.enrolFirstAdmin(
                EnrolledKey(
                    id: admin.id.hex, publicKey: Data(admin.bytes), role: .admin,
                    name: adminName.isEmpty ? "admin" : adminName,
                    createdAt: Int64(Date().timeIntervalSince1970 * 1000), createdBy: nil))
            try store.seed(levels: Level.standard)
            try store.close()
            guard rename(staging.path, target.path) == 0 else {
                throw ServerError(.dataDirectoryUnsafe, "cannot move the new data directory into \(target.path)")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging.path)
            throw error
        }
        return target
    }

    /// Checks the directory is there and private, and returns the daemon's key.
    public func loadDaemonKey() throws -> SigningKey {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ServerError(.dataDirectoryMissing, "\(path) is not a chibo data directory; run chibod init first")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ServerError(.dataDirectoryUnsafe, "\(path) is readable by others; chmod 700 it")
        }
        do {
            return try KeyFile.readSecret(at: daemonSecretKey)
        } catch {
            throw ServerError(.keyFile, "cannot read the daemon key \(daemonSecretKey)")
        }
    }

    public func openStore(maxCommitGroup: Int = 256) throws -> Store {
        try Store.open(at: database, hash: Self.chainHash, maxCommitGroup: maxCommitGroup)
    }

    public static let chainHash: @Sendable (Data) -> Data = { Data(Sodium.sha256($0)) }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on a file in the data directory, held for the daemon's lifetime. The kernel drops
/// it when the process dies, so a crash never leaves a stale lock; a socket file left by one is then safe
/// to remove.
final class ProcessLock: Sendable {
    private let fd: Int32

    init(path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ServerError(.dataDirectoryUnsafe, "cannot open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ServerError(.alreadyRunning, "another chibod is already serving this data directory")
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

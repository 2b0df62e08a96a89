import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// glibc keeps the pages a large report or import freed, so the daemon's resident size stays at its highest
/// point (174 MB after the province's reports, of which 70 MB in use: docs/PERFORMANCE.md, "Memory"). After such
/// work, once the answer has gone out, `malloc_trim` gives the free pages back. Calls within a second make
/// one trim.
enum MemoryTrim {
    private static let pending = Atomic<Bool>(false)

    #if canImport(Glibc)
        // malloc_trim is not in Swift's Glibc module; RTLD_DEFAULT is null.
        private typealias Trim = @convention(c) (Int) -> Int32
        nonisolated(unsafe) private static let trim: Trim? = dlsym(nil, "malloc_trim").map { unsafeBitCast($0, to: Trim.self) }
    #endif

    /// Trims a second from now, unless a trim is already waiting.
    static func soon() {
        #if canImport(Glibc)
            guard let trim else { return }
            guard pending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
            Task.detached(priority: .background) {
                try? await Task.sleep(for: .seconds(1))
                pending.store(false, ordering: .releasing)
                _ = trim(0)
            }
        #endif
    }

    /// Whether a report of this many rows is worth a trim afterwards.
    static func worthIt(rows: Int) -> Bool { rows >= 1_000 }
}

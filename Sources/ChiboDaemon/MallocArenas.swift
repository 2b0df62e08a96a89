#if canImport(Glibc)
    import Glibc
#endif

/// glibc gives threads that allocate at the same time arenas of their own, up to eight per core, and keeps
/// their freed pages: with the event loops, the database's threads and the cooperative pool, chibod's resident
/// size grew by a third for nothing. Two arenas measured the same speed with the province loaded and 64
/// clients, and 72 MB resident instead of 94 (docs/PERFORMANCE.md, "Memory"). An operator's own
/// `MALLOC_ARENA_MAX` wins.
enum MallocArenas {
    static func limit(to arenas: Int32 = 2) {
        #if canImport(Glibc)
            guard getenv("MALLOC_ARENA_MAX") == nil else { return }
            // mallopt is not in Swift's Glibc module; M_ARENA_MAX is -8 in glibc's malloc.h, RTLD_DEFAULT is null.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(nil, "mallopt") else { return }
            _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, arenas)
        #endif
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffers read at random over many megabytes, in 2 MiB pages where the system offers them.
///
/// A sparse layer's packed sources (17 MB at 131,072 units) are read at random, a 128-byte piece per synapse: in
/// 4 KiB pages that is 4,096 pages, more than the processor's translation cache holds, so reads also walk the page
/// table (2 MiB pages took a 1-year run of the Loihi-class chip from 70.2 s to 64.4 s). On Linux, with transparent huge pages in `madvise` mode (the usual default), a buffer
/// aligned to 2 MiB and marked `MADV_HUGEPAGE` before it is touched gets 2 MiB pages: nine of them. Elsewhere, or
/// when the system refuses, the buffer is an ordinary one.
enum HugePages {
    /// The size of a huge page, bytes.
    static let size = 2 << 20

    /// Uninitialised memory for `count` values of `type`, aligned to 2 MiB; release it with ``deallocate(_:)``.
    static func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count * MemoryLayout<T>.stride)
        #if os(Linux)
            var memory: UnsafeMutableRawPointer?
            if posix_memalign(&memory, size, bytes) == 0, let memory {
                if bytes >= size { _ = madvise(memory, bytes / size * size, MADV_HUGEPAGE) }
                return memory.bindMemory(to: T.self, capacity: count)
            }
        #endif
        return UnsafeMutablePointer<T>.allocate(capacity: max(1, count))
    }

    /// Releases a buffer of ``allocate(_:count:)``.
    static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>) {
        #if os(Linux)
            // posix_memalign's memory (the only kind allocate returns here unless it failed, when it is malloc's)
            free(pointer)
        #else
            pointer.deallocate()
        #endif
    }
}

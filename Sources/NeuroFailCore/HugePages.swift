#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffers of many megabytes in 2 MiB pages where the system offers them: read at random, or written once, fresh.
///
/// A sparse layer's packed sources (17 MB at 131,072 units) are read at random, a 128-byte piece per synapse: in
/// 4 KiB pages that is 4,096 pages, more than the processor's translation cache holds, so reads also walk the page
/// table (2 MiB pages took a 1-year run of the Loihi-class chip from 70.2 s to 64.4 s). On Linux, with transparent huge pages in `madvise` mode (the usual default), a buffer
/// aligned to 2 MiB and marked `MADV_HUGEPAGE` before it is touched gets 2 MiB pages: nine of them. Elsewhere, or
/// when the system refuses, the buffer is an ordinary one.
///
/// A buffer written once right after it is made pays for its pages instead: each 4 KiB page is a fault, zeroed and
/// charged on first touch (2.7 µs a page measured on the 2-core benchmark host, 4 ms for a 6 MB table), where a
/// 2 MiB page is one fault.
package enum HugePages {
    /// The size of a huge page, bytes.
    package static let size = 2 << 20

    /// Uninitialised memory for `count` values of `type`, aligned to 2 MiB; release it with ``deallocate(_:)``.
    package static func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
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
    package static func deallocate<T>(_ pointer: UnsafeMutablePointer<T>) {
        #if os(Linux)
            // posix_memalign's memory (the only kind allocate returns here unless it failed, when it is malloc's)
            free(pointer)
        #else
            pointer.deallocate()
        #endif
    }

    /// Asks for 2 MiB pages over the whole 2 MiB pieces of `count` values at `start`, memory that is not touched yet
    /// (an array made with uninitialised capacity): the pieces get huge pages on first touch, the ends stay in
    /// 4 KiB pages. A hint: nothing happens elsewhere, or when the system refuses.
    package static func advise<T>(_ start: UnsafeMutablePointer<T>, count: Int) {
        #if os(Linux)
            let first = (Int(bitPattern: start) + size - 1) / size * size
            let end = (Int(bitPattern: start) + count * MemoryLayout<T>.stride) / size * size
            if end > first, let piece = UnsafeMutableRawPointer(bitPattern: first) {
                _ = madvise(piece, end - first, MADV_HUGEPAGE)
            }
        #endif
    }
}

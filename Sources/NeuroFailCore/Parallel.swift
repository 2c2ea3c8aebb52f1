import Dispatch
import Foundation
import Synchronization

/// Spreads independent work items over threads; each item writes its own memory, so results never depend on which
/// thread ran it or when.
///
/// For the package's own modules (the engine's kernels, the bounds' per-row loops), not part of the library's API.
package enum Parallel {
    /// The default worker count: the active processors.
    package static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(i)` for every i in 0..<count on `threads` workers (default: all cores); worker w takes items
    /// w, w + T, w + 2T, … Items must write disjoint memory.
    package static func forEach(_ count: Int, threads: Int?, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads ?? defaultThreads, count))
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                body(i)
                i += workers
            }
        }
    }

    /// Runs `body(i)` for every i in 0..<count on `threads` workers (default: all cores), each worker taking the
    /// next item not yet taken: the items' results must not depend on the worker (they write disjoint memory).
    ///
    /// For items of many milliseconds (a campaign's groups of chunks), where ``forEach(_:threads:_:)``'s fixed
    /// share can leave one core idle while the other finishes its items: on a host whose other tenants slow one of
    /// the cores, a profile of a campaign of crashes in every layer ran its last fifth on one core.
    package static func share(_ count: Int, threads: Int?, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads ?? defaultThreads, count))
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while case let i = next.wrappingAdd(1, ordering: .relaxed).oldValue, i < count { body(i) }
        }
    }
}

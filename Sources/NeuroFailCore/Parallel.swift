import Dispatch
import Foundation

/// Spreads independent work items over threads with a fixed assignment, so results never depend on scheduling.
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
}

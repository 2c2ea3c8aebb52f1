import Dispatch
import Foundation

/// Spreads independent work items over threads with a fixed assignment, so results never depend on scheduling.
enum Parallel {
    /// The default worker count: the active processors.
    static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(i)` for every i in 0..<count on `threads` workers (default: all cores); worker w takes items
    /// w, w + T, w + 2T, … Items must write disjoint memory.
    static func forEach(_ count: Int, threads: Int?, _ body: @Sendable (Int) -> Void) {
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

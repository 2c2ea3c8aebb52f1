import Synchronization
import Testing

@testable import NeuroFailCore

struct ParallelTests {
    /// Both ways of spreading items run each item exactly once, whatever the counts of items and threads: every
    /// slot counts its runs, and the total of the items' numbers is n(n − 1)/2.
    @Test(arguments: [0, 1, 2, 7, 1_000])
    func everyItemRunsExactlyOnceOnAnyNumberOfThreads(count: Int) {
        for threads in [1, 2, 3, 8] {
            for shared in [false, true] {
                let runs = Mutex([Int](repeating: 0, count: count))
                let body: @Sendable (Int) -> Void = { i in runs.withLock { $0[i] += 1 } }
                if shared {
                    Parallel.share(count, threads: threads, body)
                } else {
                    Parallel.forEach(count, threads: threads, body)
                }
                let counted = runs.withLock { $0 }
                #expect(counted == [Int](repeating: 1, count: count), "\(count) items, \(threads) threads")
                #expect(counted.indices.reduce(0) { $0 + $1 * counted[$1] } == count * (count - 1) / 2)
            }
        }
    }
}

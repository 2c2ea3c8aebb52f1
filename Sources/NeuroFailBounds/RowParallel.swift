import NeuroFailCore

/// Per-target loops of the interval analyses spread over the processors: each target's value depends only on its
/// own row, so the result is the same bits whatever the number of threads.
///
/// On a Loihi-class chip (10⁸ synapses) one fault set's interval bound is two passes over every synapse (the fused
/// difference rows and the rounding terms), on one core about a second per observation of a mission; small
/// matrices stay on the calling thread, where starting workers would cost more than the loop.
enum RowParallel {
    /// Below this many terms (targets × fan-in) a loop runs on the calling thread.
    static let threshold = 1 << 20

    /// `[row(0), row(1), …, row(count − 1)]`, with `terms` the loop's total work (terms summed over all rows).
    static func map(_ count: Int, terms: Int, _ row: @Sendable (Int) -> Double) -> [Double] {
        table(count, width: 1, terms: terms) { i, out in out[0] = row(i) }
    }

    /// ``map(_:terms:_:)`` for rows that are intervals: the lower and upper ends.
    static func mapIntervals(
        _ count: Int, terms: Int, _ row: @Sendable (Int) -> (lower: Double, upper: Double)
    ) -> IntervalVector {
        let flat = table(count, width: 2, terms: terms) { i, out in (out[0], out[1]) = row(i) }
        return IntervalVector(lower: column(0, of: flat, width: 2), upper: column(1, of: flat, width: 2))
    }

    /// `count` rows of `width` numbers, row i at `i · width`, each written by `row(i, start)` (numbers a row
    /// leaves unwritten are 0).
    static func table(
        _ count: Int, width: Int, terms: Int, _ row: @Sendable (Int, UnsafeMutablePointer<Double>) -> Void
    ) -> [Double] {
        guard count > 0, width > 0 else { return [] }
        var flat = [Double](repeating: 0, count: count * width)
        flat.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress.unsafelyUnwrapped)
            forEachPart(count, terms: terms) { range in
                for i in range { row(i, out.pointer + i * width) }
            }
        }
        return flat
    }

    /// Number `k` of every row of a ``table(_:width:terms:_:)``.
    static func column(_ k: Int, of flat: [Double], width: Int) -> [Double] {
        Swift.stride(from: k, to: flat.count, by: width).map { flat[$0] }
    }

    /// Runs `body` on consecutive ranges covering 0..<count, in parallel when the work is large: several parts per
    /// worker, so a worker slowed by another process does not hold the others up.
    private static func forEachPart(_ count: Int, terms: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let workers = Parallel.defaultThreads
        guard workers > 1, terms >= threshold, count >= 2 * workers else {
            body(0..<count)
            return
        }
        let parts = min(count, 8 * workers)
        Parallel.forEach(parts, threads: nil) { p in body((count * p / parts)..<(count * (p + 1) / parts)) }
    }
}

extension PackedNetwork {
    /// The three per-row sums a fault set's analysis takes of matrix `m`'s synapses, in one pass over them:
    /// ``affine(_:_:bias:_:)`` of ŷ (with the bias), of Δy (bias 0), and
    /// ``PristineAnalysis/weighted(_:_:_:)`` of |Δy|, each with `weights` standing in for the matrix's.
    ///
    /// Each sum is the one its own pass computes, term for term in the same order, so the bits are the same. One
    /// pass reads each synapse's weight and source once instead of three times, and a source's four numbers (ŷ and
    /// Δy, both ends) side by side: on a Loihi-class chip the three passes were a quarter of each observation,
    /// waiting on their random reads of ŷ and Δy. Rows left out by `only` are [0, 0], [0, 0] and 0.
    static func differenceRows(
        _ matrix: Matrix, _ weights: [Double], yPrime: IntervalVector, deltaY: IntervalVector, only: [Bool]?
    ) -> (zPrime: IntervalVector, delta: IntervalVector, weighted: [Double]) {
        var packed = [Double](repeating: 0, count: 4 * yPrime.count)
        for j in 0..<yPrime.count {
            (packed[4 * j], packed[4 * j + 1]) = (yPrime.lower[j], yPrime.upper[j])
            (packed[4 * j + 2], packed[4 * j + 3]) = (deltaY.lower[j], deltaY.upper[j])
        }
        let sources = packed
        let gamma = RoundingError.gamma(matrix.fanIn + 2)
        let longest = matrix.layer.maxFanIn
        let flat = RowParallel.table(matrix.fanOut, width: 5, terms: matrix.weights.count) { i, out in
            if let only, !only[i] { return }
            var zp = IntervalSum(bias: matrix.bias[i]), d = IntervalSum(bias: 0)
            var weighted = 0.0
            let synapses = matrix.synapses(of: i)
            withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: max(1, longest)) { local in
                // The row's sources first, in a loop of a few instructions per synapse: their random reads are then
                // all in flight at once, where the sums' own loop (some forty instructions per synapse) kept only a
                // handful waiting at a time.
                sources.withUnsafeBufferPointer { all in
                    let base = UnsafeRawPointer(all.baseAddress.unsafelyUnwrapped)
                    for (n, k) in synapses.enumerated() {
                        local[n] = base.loadUnaligned(
                            fromByteOffset: 32 * matrix.source(k, into: i), as: SIMD4<Double>.self)
                    }
                }
                for (n, k) in synapses.enumerated() {
                    let w = weights[k], v = local[n]
                    zp.add(w, lower: v[0], upper: v[1])
                    d.add(w, lower: v[2], upper: v[3])
                    weighted += abs(w) * max(abs(v[2]), abs(v[3]))
                }
            }
            (out[0], out[1]) = zp.interval(terms: matrix.fanIn + 1)
            (out[2], out[3]) = d.interval(terms: matrix.fanIn + 1)
            out[4] = weighted * (1 + gamma)
        }
        let column = { (k: Int) in RowParallel.column(k, of: flat, width: 5) }
        return (
            IntervalVector(lower: column(0), upper: column(1)), IntervalVector(lower: column(2), upper: column(3)),
            column(4)
        )
    }
}

extension PackedNetwork {
    /// The three per-row sums a fault set's analysis takes of matrix `m`'s synapses, in one pass over them:
    /// ``affine(_:_:bias:_:)`` of ŷ (with the bias), of Δy (bias 0), and
    /// ``PristineAnalysis/weighted(_:_:_:)`` of |Δy|, each with `weights` standing in for the matrix's.
    ///
    /// Each sum is the one its own pass computes, term for term in the same order, so the bits are the same. One
    /// pass reads each synapse's weight and source once instead of three times, and a source's four numbers (ŷ and
    /// Δy, both ends) side by side: on a Loihi-class chip the three passes were a quarter of each observation,
    /// waiting on their random reads of ŷ and Δy. Rows left out by `only` are [0, 0], [0, 0] and 0.
    ///
    /// Four consecutive rows go together, one per lane of a `SIMD4<Double>`: lane q adds row q's terms in its own
    /// order, so the lanes only share instructions, never terms. The scalar form's branch on which end of w·[lo, hi]
    /// is the lower one, taken at random on a random chip, becomes a select.
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
        let terms = matrix.fanIn + 1
        let longest = max(1, matrix.layer.maxFanIn)
        let fanOut = matrix.fanOut
        // Group g holds rows 4g..<4g + 4, five numbers each: the table is then the one-row-at-a-time table's layout.
        let groups = (fanOut + 3) / 4
        let flat = RowParallel.table(groups, width: 20, terms: matrix.weights.count) { g, out in
            var lengths = SIMD4<Int>(repeating: 0), asked = SIMD4<Int>(repeating: 0)
            var bias = SIMD4<Double>.zero
            for q in 0..<4 where 4 * g + q < fanOut && only?[4 * g + q] ?? true {
                lengths[q] = matrix.synapses(of: 4 * g + q).count
                asked[q] = 1
                bias[q] = matrix.bias[4 * g + q]
            }
            if asked == .zero { return }
            let steps = lengths.max()
            // Five planes of 4 × steps numbers, [4n + q] the n-th synapse of row q: its weight, then its source's
            // ŷ and Δy ends. A row shorter than the group's longest is padded with weight 0, which adds nothing.
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 20 * longest) { planes in
                let w = planes.baseAddress.unsafelyUnwrapped
                let (yl, yh, dl, dh) = (w + 4 * longest, w + 8 * longest, w + 12 * longest, w + 16 * longest)
                // The sources first, in a loop of a few instructions per synapse: their random reads are then all
                // in flight at once.
                sources.withUnsafeBufferPointer { all in
                    let base = UnsafeRawPointer(all.baseAddress.unsafelyUnwrapped)
                    for q in 0..<4 {
                        var n = 0
                        if lengths[q] > 0 {
                            let i = 4 * g + q
                            for k in matrix.synapses(of: i) {
                                let v = base.loadUnaligned(
                                    fromByteOffset: 32 * matrix.source(k, into: i), as: SIMD4<Double>.self)
                                let at = 4 * n + q
                                (w[at], yl[at], yh[at], dl[at], dh[at]) = (weights[k], v[0], v[1], v[2], v[3])
                                n += 1
                            }
                        }
                        while n < steps {
                            let at = 4 * n + q
                            (w[at], yl[at], yh[at], dl[at], dh[at]) = (0, 0, 0, 0, 0)
                            n += 1
                        }
                    }
                }
                var zp = IntervalLanes(bias: bias)
                var d = IntervalLanes(bias: .zero)
                var weighted = SIMD4<Double>.zero
                let raw = UnsafeRawPointer(w)
                let plane = 32 * longest
                for n in 0..<steps {
                    let at = 32 * n
                    let wn = raw.loadUnaligned(fromByteOffset: at, as: SIMD4<Double>.self)
                    let yln = raw.loadUnaligned(fromByteOffset: at + plane, as: SIMD4<Double>.self)
                    let yhn = raw.loadUnaligned(fromByteOffset: at + 2 * plane, as: SIMD4<Double>.self)
                    let dln = raw.loadUnaligned(fromByteOffset: at + 3 * plane, as: SIMD4<Double>.self)
                    let dhn = raw.loadUnaligned(fromByteOffset: at + 4 * plane, as: SIMD4<Double>.self)
                    let live = wn .!= 0
                    zp.add(wn, lower: yln, upper: yhn, where: live)
                    d.add(wn, lower: dln, upper: dhn, where: live)
                    // A padded term is 0 · 0 = +0, and the sum starts at +0 and only grows: adding it changes no bit.
                    weighted += IntervalLanes.magnitude(wn)
                        * IntervalLanes.larger(IntervalLanes.magnitude(dln), IntervalLanes.magnitude(dhn))
                }
                for q in 0..<4 where asked[q] == 1 {
                    let row = out + 5 * q
                    (row[0], row[1]) = zp.lane(q).interval(terms: terms)
                    (row[2], row[3]) = d.lane(q).interval(terms: terms)
                    row[4] = weighted[q] * (1 + gamma)
                }
            }
        }
        // The last group's lanes past fanOut are padding.
        let column = { (k: Int) in Array(RowParallel.column(k, of: flat, width: 5).prefix(fanOut)) }
        return (
            IntervalVector(lower: column(0), upper: column(1)), IntervalVector(lower: column(2), upper: column(3)),
            column(4)
        )
    }
}

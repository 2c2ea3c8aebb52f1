import NeuroFailCore

// Direct convolution for convolutional layers: each output unit's sum runs over the kernel taps that land on the
// input (padding taps are not synapses), without a dense matrix. Same layout and conventions as
// Evaluator+Kernels.swift; pointers only here and there.

extension Evaluator {
    /// ``applyMatrix(_:source:sourceStride:target:targetStride:count:crashed:dead:values:patched:rows:)`` for a convolutional
    /// or sparse matrix `l`: target unit t's row is b_t + Σ w·a over its synapses in increasing source order
    /// (input channel, row, column), leaving out the crashed ones; dead targets output `values[t]` (0 when nil).
    ///
    /// The terms are those of the dense expansion's row less its zeros, in the same order, so the result equals the
    /// dense path's (adding an exact ±0 never changes a sum's value). Per target, the surviving taps (source row
    /// offset and kernel weight) are gathered once into a small buffer, then summed over the block sixteen inputs
    /// at a time as in ``dot(row:weights:bias:inputs:source:sourceStride:count:crashed:from:rowStart:)``.
    ///
    /// A sparse layer (CSR lists) goes the same way, its own weights in place of kernel taps; `patched[t]`, when not
    /// nil, is target t's weights as stored (a changed weight), by synapse from its first one.
    ///
    /// `silent[s]`, when given, says that source unit s is 0 on all `count` inputs (a ReLU that does not fire on
    /// any of them): its terms are left out, so its numbers are never fetched. That is exact: w·0 is ±0 for a finite
    /// w, and adding ±0 leaves a sum unchanged bit for bit unless the sum is −0, which a sum begun from a bias other
    /// than −0 never is (x + y is −0 only when both are −0). A row whose bias is −0, and a term whose weight is not
    /// finite (w·0 is then NaN), are summed in full.
    func applyStructured(
        _ l: Int, source: UnsafePointer<Double>, sourceStride: Int,
        target: UnsafeMutablePointer<Double>, targetStride: Int, count: Int, crashed: [Int], dead: [Bool]?,
        values: [Double]? = nil, patched: [[Double]?]? = nil, rows: [Int]? = nil, silent: SendablePointer<Bool>? = nil
    ) {
        let nOut = fanOut[l]
        let activation = activations[l]
        let layer = layers[l]
        let capacity = max(1, layer.maxFanIn)
        // A sparse row with no crashed synapse and no changed weight is summed straight from the CSR arrays (the
        // same terms in the same order as the gathered path); gathering it cost as much as the sum itself. When
        // silent sources are left out, its terms are compacted straight from the arrays too.
        let csr = layer.sparse
        let csrSources = csr?.sources ?? [], csrStarts = csr?.rowStart ?? []
        let csrWeights = csr == nil ? [] : layer.weights
        withMatrix(l, crashed: crashed) { _, b, crashed in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { offsets in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: capacity) { taps in
                    var next = 0  // the first crashed synapse not yet passed
                    for r in 0..<(rows?.count ?? nOut) {
                        let t = rows?[r] ?? r
                        let row = target + t * targetStride
                        let first = layer.firstSynapse(of: t)
                        while next < crashed.count && crashed[next] < first { next += 1 }
                        if let dead, dead[t] {
                            row.update(repeating: values?[t] ?? 0, count: count)
                            continue
                        }
                        var n = 0, index = first, pending = next
                        let stored = patched?[t]
                        let skipping = silent != nil && b[t].bitPattern != (-0.0).bitPattern
                        if csr != nil, stored == nil, !(next < crashed.count && crashed[next] < csrStarts[t + 1]) {
                            let k0 = csrStarts[t], terms = csrStarts[t + 1] - k0
                            csrWeights.withUnsafeBufferPointer { w in
                                csrSources.withUnsafeBufferPointer { s in
                                    let w = w.baseAddress! + k0, s = s.baseAddress! + k0
                                    if let silent, skipping {
                                        // Without a branch per term: whether a source is silent is as good as
                                        // random, and mispredicting it cost as much as the sum's own loads.
                                        for j in 0..<terms {
                                            let unit = Int(s[j])
                                            offsets[n] = unit &* sourceStride
                                            taps[n] = w[j]
                                            n &+= 1 &- (silent.pointer[unit] ? 1 : 0) & (w[j].isFinite ? 1 : 0)
                                        }
                                        Evaluator.sparseDot(
                                            row: row, weights: UnsafePointer(taps.baseAddress!),
                                            offsets: UnsafePointer(offsets.baseAddress!), terms: n, bias: b[t],
                                            source: source, count: count)
                                    } else {
                                        Evaluator.csrDot(
                                            row: row, weights: w, sources: s, terms: terms, bias: b[t],
                                            source: source, sourceStride: sourceStride, count: count)
                                    }
                                }
                            }
                            if let activation { Evaluator.activate(row, count: count, activation) }
                            continue
                        }
                        layer.forEachIncoming(t) { s, w, _ in
                            if pending < crashed.count && crashed[pending] == index {
                                pending += 1
                            } else {
                                let tap = stored?[index - first] ?? w
                                if !(skipping && silent.unsafelyUnwrapped.pointer[s] && tap.isFinite) {
                                    offsets[n] = s * sourceStride
                                    taps[n] = tap
                                    n += 1
                                }
                            }
                            index += 1
                        }
                        Evaluator.sparseDot(
                            row: row, weights: UnsafePointer(taps.baseAddress!),
                            offsets: UnsafePointer(offsets.baseAddress!), terms: n, bias: b[t], source: source,
                            count: count)
                        if let activation { Evaluator.activate(row, count: count, activation) }
                    }
                }
            }
        }
    }

    /// ``sparseDot(row:weights:offsets:terms:bias:source:count:)`` with the offsets read from CSR sources:
    /// row[i] = bias + Σ_j weights[j]·source[sources[j]·sourceStride + i], in that order (the same sums, bit for bit).
    /// An empty row's weights and sources may be any pointers: nothing is read. The lane modules'
    /// ``NeuroFailLanes/SparseRows`` (the build this processor runs best, ``LaneKernels``).
    @inline(__always)
    static func csrDot(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, sources: UnsafePointer<Int32>, terms: Int,
        bias: Double, source: UnsafePointer<Double>, sourceStride: Int, count: Int
    ) {
        LaneKernels.current.sparseCompressed(row, weights, sources, terms, bias, source, sourceStride, count)
    }

    /// row[i] = bias + Σ_j weights[j]·source[offsets[j] + i] for j = 0, 1, … in that order, for every i < count:
    /// the lane modules' ``NeuroFailLanes/SparseRows`` (the build this processor runs best, ``LaneKernels``), whose builds
    /// give the scalar loop's bits.
    @inline(__always)
    static func sparseDot(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, offsets: UnsafePointer<Int>, terms: Int,
        bias: Double, source: UnsafePointer<Double>, count: Int
    ) {
        LaneKernels.current.sparseGathered(row, weights, offsets, terms, bias, source, count)
    }
}

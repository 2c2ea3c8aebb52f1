import NeuroFailCore

extension OmegaCampaign {
    /// The general path on one chunk: per crash set, recompute from the first matrix whose outputs change, batched
    /// over blocks of inputs, from the pristine activations before it. When that matrix's inputs are pristine (its
    /// change comes from crashed synapses or crashed targets), only its changed rows are recomputed; the sums are
    /// the same as the plain path's, term for term.
    func generalChunk(_ sets: Range<Int>, table: ActivationTable) -> ChunkTally {
        let m = inputs.count, outs = chip.outputCount
        let blockSize = Evaluator.blockSize, stride = table.stride
        var tally = ChunkTally(inputs: m, sets: sets.count)
        var scratch = BlockScratch(width: evaluator.maxWidth, count: blockSize)
        let copy = BlockScratch(width: evaluator.maxWidth, count: blockSize)
        let deviations = UnsafeMutablePointer<Double>.allocate(capacity: blockSize)
        defer { deviations.deallocate() }
        var combinations = isExhaustive ? self.combinations(rank: UInt64(sets.lowerBound)) : []
        // Prefix reuse: when the last hidden layer's crashes vary fastest, a_L under the other crashes (the prefix)
        // is computed once per prefix for every block, with the prefix chip's deviation D = F_pristine − F_prefix
        // and the readout contributions C_j = W_out[·, j]·a_L[j]; a set S of last-layer crashes then deviates by
        // D + Σ_(j∈S) C_j exactly (the readout is linear), so each set costs f_L vector additions per block, as in
        // the linear path. The sums are grouped differently from recomputing the readout, so results agree with the
        // plain general path to rounding (1e-12 relative, tested), and bit for bit across thread counts.
        let reuse = isExhaustive && allowsPrefixReuse ? prefixReuseFactor : nil
        let depth = chip.depth, lastWidth = chip.widths[depth - 1]
        let blocks = (m + blockSize - 1) / blockSize
        // Per block: D[k][i] = pristine − prefix output (M rows), then C[j][k][i] = W_out[k, j]·a_L[j][i] (N_L × M rows).
        let perBlock = (outs + lastWidth * outs) * blockSize
        let cache: UnsafeMutablePointer<Double>? = reuse == nil ? nil : .allocate(capacity: max(1, blocks * perBlock))
        defer { cache?.deallocate() }
        let sum = UnsafeMutablePointer<Double>.allocate(capacity: blockSize)
        defer { sum.deallocate() }
        let readout = evaluator.weightOffset[depth], fanIn = lastWidth
        var cacheValid = false
        table.values.withUnsafeBufferPointer { values in
            let a = values.baseAddress!
            let pristineOutput = a + table.offsets[chip.depth + 1]
            for (position, number) in sets.enumerated() {
                let stepped = isExhaustive && position > 0 ? advance(&combinations) : -1
                if let f = reuse, let cache {
                    // Only the last layer's crashes changed: the cached a_L stands; nothing to build for this set.
                    if stepped < f || !cacheValid {
                        var prefix = build(combinations.map(\.indices))
                        prefix.neurons[depth - 1] = []
                        let prefixMask = FaultMask(prefix, evaluator: evaluator)
                        for block in 0..<blocks {
                            let first = block * blockSize
                            // a_L under the prefix's crashes, into copy.back.
                            if let aL = evaluator.faultyBlock(
                                table: table, activations: a, first: first, mask: prefixMask, to: depth,
                                scratch: &scratch, copy: copy)
                            {
                                copy.back.update(from: aL, count: lastWidth * blockSize)
                            } else {
                                table.copyBlock(layer: depth, first: first, into: copy.back, blockSize: blockSize)
                            }
                            evaluator.applyMatrix(
                                depth, source: copy.back, sourceStride: blockSize, target: scratch.front,
                                targetStride: blockSize, count: blockSize, crashed: [], dead: nil)
                            let d = cache + block * perBlock
                            for k in 0..<outs {
                                for i in 0..<blockSize {
                                    d[k * blockSize + i] = pristineOutput[k * stride + first + i] - scratch.front[k * blockSize + i]
                                }
                            }
                            evaluator.weights.withUnsafeBufferPointer { w in
                                for j in 0..<lastWidth {
                                    let c = d + (1 + j) * outs * blockSize
                                    for k in 0..<outs {
                                        let weight = w[readout + k * fanIn + j]
                                        for i in 0..<blockSize { c[k * blockSize + i] = weight * copy.back[j * blockSize + i] }
                                    }
                                }
                            }
                        }
                        cacheValid = true
                    }
                    let crashed = combinations[f].indices
                    for first in Swift.stride(from: 0, to: m, by: blockSize) {
                        let count = min(blockSize, m - first)
                        // F_pristine − F_fail = D + Σ_(j ∈ S) C_j: the linear path's identity, on the prefix's chip.
                        let d = cache + (first / blockSize) * perBlock
                        if norm == .linf {
                            // Fused in registers, eight inputs at a time: t = D_k + Σ_(j∈S) C_(j,k), max over k of
                            // |t| (the lane modules' build for this processor).
                            crashed.withUnsafeBufferPointer { crashed in
                                LaneKernels.current.prefixSupremum(d, blockSize, outs, crashed, deviations)
                            }
                            for i in count..<blockSize { deviations[i] = 0 }
                            tally.record(
                                deviations, blockSize: blockSize, first: first, count: count, set: position,
                                setNumber: number)
                            continue
                        }
                        deviations.update(repeating: 0, count: blockSize)
                        // Fused: per output k, t = D_k + Σ_(j∈S) C_(j,k) and the norm's accumulation, in one pass.
                        for k in 0..<outs {
                            sum.update(from: d + k * blockSize, count: blockSize)
                            for j in crashed {
                                let c = d + ((1 + j) * outs + k) * blockSize
                                for i in 0..<blockSize { sum[i] += c[i] }
                            }
                            switch norm {
                            case .linf: for i in 0..<blockSize { deviations[i] = max(deviations[i], abs(sum[i])) }
                            case .l1: for i in 0..<blockSize { deviations[i] += abs(sum[i]) }
                            case .l2: for i in 0..<blockSize { deviations[i] += sum[i] * sum[i] }
                            }
                        }
                        if norm == .l2 { for i in 0..<blockSize { deviations[i] = deviations[i].squareRoot() } }
                        for i in count..<blockSize { deviations[i] = 0 }
                        tally.record(
                            deviations, blockSize: blockSize, first: first, count: count, set: position,
                            setNumber: number)
                    }
                    continue
                }
                let faults = isExhaustive ? build(combinations.map(\.indices)) : faultSet(at: number)
                let mask = FaultMask(faults, evaluator: evaluator)
                for first in Swift.stride(from: 0, to: m, by: blockSize) {
                    let count = min(blockSize, m - first)
                    if let output = evaluator.faultyBlock(
                        table: table, activations: a, first: first, mask: mask, scratch: &scratch, copy: copy)
                    {
                        OmegaCampaign.deviation(
                            into: deviations, blockSize: blockSize, outputs: outs, norm: norm,
                            lhs: pristineOutput + first, lhsStride: stride, rhs: output, rhsStride: blockSize,
                            rhsSign: -1)
                    } else {
                        deviations.update(repeating: 0, count: blockSize)
                    }
                    for i in count..<blockSize { deviations[i] = 0 }
                    tally.record(
                        deviations, blockSize: blockSize, first: first, count: count, set: position, setNumber: number)
                }
            }
        }
        return tally
    }

    /// deviations[i] = norm over k of (lhs[k][i] + rhsSign·rhs[k][i]), for `blockSize` inputs and `outputs` rows.
    /// rhsSign is ±1, so the term is exactly lhs ± rhs.
    @inline(__always)
    static func deviation(
        into deviations: UnsafeMutablePointer<Double>, blockSize: Int, outputs: Int, norm: DeviationNorm,
        lhs: UnsafePointer<Double>, lhsStride: Int, rhs: UnsafePointer<Double>, rhsStride: Int, rhsSign: Double
    ) {
        deviations.update(repeating: 0, count: blockSize)
        for k in 0..<outputs {
            let x = lhs + k * lhsStride, y = rhs + k * rhsStride
            switch norm {
            case .linf:
                for i in 0..<blockSize { deviations[i] = max(deviations[i], abs(x[i] + rhsSign * y[i])) }
            case .l1:
                for i in 0..<blockSize { deviations[i] += abs(x[i] + rhsSign * y[i]) }
            case .l2:
                for i in 0..<blockSize {
                    let d = x[i] + rhsSign * y[i]
                    deviations[i] += d * d
                }
            }
        }
        if norm == .l2 {
            for i in 0..<blockSize { deviations[i] = deviations[i].squareRoot() }
        }
    }
}

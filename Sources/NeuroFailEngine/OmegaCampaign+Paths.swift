import NeuroFailCore

extension OmegaCampaign {
    /// The general path on consecutive chunks, one tally each, on one worker's pair of block buffers.
    func generalChunks(_ chunks: [Range<Int>], table: ActivationTable) -> [ChunkTally] {
        let scratch = BlockScratch(width: evaluator.maxWidth, count: Evaluator.blockSize)
        let copy = BlockScratch(width: evaluator.maxWidth, count: Evaluator.blockSize)
        return chunks.map { generalChunk($0, table: table, scratch: scratch, copy: copy) }
    }

    /// The general path on one chunk: per crash set, recompute from the first matrix whose outputs change, batched
    /// over blocks of inputs, from the pristine activations before it. When that matrix's inputs are pristine (its
    /// change comes from crashed synapses or crashed targets), only its changed rows are recomputed; the sums are
    /// the same as the plain path's, term for term.
    ///
    /// `scratch` and `copy` (``Evaluator/blockSize`` inputs of the widest layer each) are the worker's, reused from
    /// chunk to chunk: made and zeroed per chunk they were 1.6 MB of stores per chunk for a 784-input chip, a tenth
    /// of a campaign of crashes in every layer. No value is read from them that this chunk did not write.
    func generalChunk(
        _ sets: Range<Int>, table: ActivationTable, scratch: BlockScratch, copy: BlockScratch
    ) -> ChunkTally {
        let m = inputs.count, outs = chip.outputCount
        let blockSize = Evaluator.blockSize, stride = table.stride
        var tally = ChunkTally(inputs: m, sets: sets.count)
        var scratch = scratch
        let deviations = UnsafeMutablePointer<Double>.allocate(capacity: blockSize)
        defer { deviations.deallocate() }
        var combinations = isExhaustive ? self.combinations(rank: UInt64(sets.lowerBound)) : []
        // Prefix reuse: when the last hidden layer's crashes vary fastest, a_L under the other crashes (the prefix)
        // is computed once per prefix for every block, with the prefix chip's deviation D = F_pristine − F_prefix
        // and the readout contributions C_j = W_out[·, j]·a_L[j]; a set S of last-layer crashes then deviates by
        // D + Σ_(j∈S) C_j exactly (the readout is linear), so the sets sharing a prefix run as the linear path's
        // do (``NeuroFailLanes/LinearLeaves/walk(runs:position:changed:lengths:firstSets:crashes:rows:groupStride:groups:outputs:norm:prefix:sums:squares:top:topAt:)``,
        // D as the prefix sums' level 0), each set's block sums then added in the order recording it would. The sums are grouped differently from recomputing the readout, so results agree with the
        // plain general path to rounding (1e-12 relative, tested), and bit for bit across thread counts.
        let reuse = isExhaustive && allowsPrefixReuse ? prefixReuseFactor : nil
        let depth = chip.depth, lastWidth = chip.widths[depth - 1]
        let blocks = (m + blockSize - 1) / blockSize, groupsPerBlock = blockSize / 8
        // Per block and lane group of eight inputs, as vectors: D_k = pristine − prefix output (M of them), then
        // C_(j,k) = W_out[k, j]·a_L[j] (N_L × M): the linear path's layout, with D as the prefix sums' level 0.
        // Inputs past the last are 0 in both, so they deviate by 0.
        let groupStride = (1 + lastWidth) * outs
        let perBlock = groupsPerBlock * groupStride
        // One block's worth (46 KB for 8 neurons and 10 outputs), rebuilt per block of each run: it is written and
        // walked while in the core's own caches. All the blocks' at once (0.7 MB per prefix, the prefix's a_L for
        // every block, then the walk over every block) went through memory: 40 % of a campaign of 2 crashes in each
        // of three layers of 8.
        let cache: UnsafeMutablePointer<SIMD8<Double>>? = reuse == nil ? nil : .allocate(capacity: max(1, perBlock))
        defer { cache?.deallocate() }
        // A run of sets sharing a prefix: per set its sums and squares over a block's lane groups, then per set and
        // block the block's two sums (added to the tally set by set, block by block, as record adds them).
        // At most `longestRun` sets at a time, so that the per-block sums stay small.
        let longestRun = 4096
        let longest = reuse == nil ? 1 : max(1, min(sets.count, longestRun))
        let lastCrashes = reuse.map { factors[$0].k } ?? 1
        let sums = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: longest)
        let squares = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: longest)
        let prefix = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: 2 * lastCrashes * outs)
        let tops = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: groupsPerBlock)
        let ats = UnsafeMutablePointer<SIMD8<Int64>>.allocate(capacity: groupsPerBlock)
        var blockSums = [Double](), squareSums = [Double]()
        defer {
            for buffer in [sums, squares, prefix, tops] { buffer.deallocate() }
            ats.deallocate()
        }
        let readout = evaluator.weightOffset[depth], fanIn = lastWidth
        let walk = LaneKernels.current.linearWalk, fill = LaneKernels.current.leafRows
        var prefixMask: FaultMask?
        table.values.withUnsafeBufferPointer { values in
            let a = values.baseAddress!
            let pristineOutput = a + table.offsets[chip.depth + 1]
            var position = 0
            while position < sets.count {
                let number = sets.lowerBound + position
                let stepped = isExhaustive && position > 0 ? advance(&combinations) : -1
                if let f = reuse, let cache {
                    // A new prefix (not only the last layer's crashes changed): its mask, once for all its sets.
                    if stepped < f || prefixMask == nil {
                        var prefixSet = build(combinations.map(\.indices))
                        prefixSet.neurons[depth - 1] = []
                        prefixMask = FaultMask(prefixSet, evaluator: evaluator)
                    }
                    guard let prefixMask else { preconditionFailure("the prefix's mask is set just above") }
                    // Per block: a_L under the prefix's crashes, D and the contributions C, into the cache.
                    func fillCache(_ block: Int) {
                        let first = block * blockSize, count = min(blockSize, m - first)
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
                        evaluator.weights.withUnsafeBufferPointer { w in
                            fill(
                                cache, groupStride, (count + 7) / 8, count, pristineOutput + first, stride,
                                scratch.front, blockSize, outs, w.baseAddress! + readout, fanIn, lastWidth, copy.back,
                                blockSize)
                        }
                    }
                    // Every set from here with this prefix (the last layer's crashes step through their
                    // combinations), as runs sharing all but their last neuron.
                    let (plan, run) = lastLayerRuns(from: combinations[f], limit: min(longestRun, sets.count - position))
                    let crashes = factors[f].k
                    blockSums = Array(repeating: 0, count: run * blocks)
                    squareSums = Array(repeating: 0, count: run * blocks)
                    var best = -Double.infinity, bestSet = -1, bestInput = -1
                    for block in 0..<blocks {
                        let first = block * blockSize, count = min(blockSize, m - first)
                        let laneGroups = (count + 7) / 8
                        sums.update(repeating: .zero, count: run)
                        squares.update(repeating: .zero, count: run)
                        tops.update(repeating: SIMD8(repeating: -.infinity), count: laneGroups)
                        ats.update(repeating: SIMD8(repeating: -1), count: laneGroups)
                        fillCache(block)
                        let d = cache
                        for g0 in Swift.stride(from: 0, to: laneGroups, by: 2) {
                            let groups = g0 + 1 < laneGroups ? 2 : 1
                            // Level 0 of the prefix sums: each group's D.
                            for g in 0..<groups { (prefix + g * outs).update(from: d + (g0 + g) * groupStride, count: outs) }
                            plan.changed.withUnsafeBufferPointer { changed in
                                plan.length.withUnsafeBufferPointer { lengths in
                                    plan.firstSets.withUnsafeBufferPointer { firstSets in
                                        walk(
                                            0..<plan.count, 0, changed.baseAddress!, lengths.baseAddress!,
                                            firstSets.baseAddress!, crashes, d + g0 * groupStride + outs, groupStride,
                                            groups, outs, norm, prefix, sums, squares, tops + g0, ats + g0)
                                    }
                                }
                            }
                        }
                        for set in 0..<run {
                            blockSums[set * blocks + block] = sums[set].sum()
                            squareSums[set * blocks + block] = squares[set].sum()
                        }
                        // The run's first worst: the largest, then the first set, then the first input (blocks and
                        // lanes come in input order): what recording set by set, block by block, finds.
                        for g in 0..<laneGroups {
                            let group0 = first + 8 * g, lanes = min(8, m - group0), top = tops[g], topAt = ats[g]
                            tally.perInputMax.withUnsafeMutableBufferPointer { maxima in
                                for lane in 0..<lanes { maxima[group0 + lane] = max(maxima[group0 + lane], top[lane]) }
                            }
                            for lane in 0..<lanes {
                                let value = top[lane], set = Int(topAt[lane])
                                if value > best || (value == best && set < bestSet) {
                                    (best, bestSet, bestInput) = (value, set, group0 + lane)
                                }
                            }
                        }
                    }
                    tally.addSets(blockSums: blockSums, squareSums: squareSums, sets: run, blocks: blocks, from: position)
                    if bestSet >= 0 { tally.offer(largest: best, setNumber: number + bestSet, input: bestInput) }
                    // On to the run's last set, so that the next step leaves this prefix.
                    for _ in 1..<max(1, run) { _ = combinations[f].advance() }
                    position += run
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
                position += 1
            }
        }
        return tally
    }

    /// The sets from `start` on (the last hidden layer's crashes stepping through their combinations in order, at
    /// most `limit`, not past the last combination) as runs that share all but their last neuron; and how many sets.
    func lastLayerRuns(from start: Combination, limit: Int) -> (SetRuns, Int) {
        var combination = start
        let k = combination.indices.count, n = combination.n
        var plan = SetRuns()
        var count = 0
        while count < limit {
            let changed = count > 0 ? combination.advance() : 0
            guard let changed else { break }
            let last = combination.indices[k - 1]
            let run = min(n - last, limit - count)
            plan.changed.append(Int32(changed))
            plan.length.append(Int32(run))
            plan.firstSets += combination.indices.map { Int32($0) }
            count += run
            if run > 1 { combination.advanceLast(by: run - 1) }
        }
        return (plan, count)
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

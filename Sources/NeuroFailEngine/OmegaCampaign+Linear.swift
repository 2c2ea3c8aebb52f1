import NeuroFailCore

/// The linear path: crashes only among the last hidden layer's neurons. The readout is linear, so crashing the set S
/// of those neurons changes output k on input x by Σ_(j∈S) W_out[k, j]·y_L,j(x) exactly; the contributions are
/// computed once, and each run (crash set, input) costs M additions and the norm.
extension OmegaCampaign {
    /// The contributions of the last hidden layer's neurons (from its pristine activations
    /// ``Evaluator/pristineLastLayer(_:threads:)``), eight inputs to a vector: vector `(g · N_L + j) · M + k`
    /// holds W_out[k, j]·y_L,j(x_i) for the inputs i = 8g, …, 8g + 7 of lane group g (0 past the last input).
    ///
    /// One lane group's N_L·M vectors are contiguous (30 KB for 48 neurons and 10 outputs), so every crash set of a
    /// chunk runs on it from the first-level cache. Rows of a per-output layout with all inputs in a row lay a few
    /// kilobytes apart, all in the same cache set, and evicted each other.
    func lastLayerContributions(_ last: (values: [Double], stride: Int)) -> [SIMD8<Double>] {
        let depth = chip.depth, outs = chip.outputCount, width = chip.widths[depth - 1]
        let m = inputs.count, groups = (m + 7) / 8, stride = last.stride
        let readout = chip.readout
        var c = [SIMD8<Double>](repeating: .zero, count: groups * width * outs)
        last.values.withUnsafeBufferPointer { a in
            let y = a.baseAddress!
            for g in 0..<groups {
                let first = 8 * g, lanes = min(8, m - first)
                for j in 0..<width {
                    let source = y + j * stride + first
                    for k in 0..<outs {
                        let w = readout.weights[k * width + j]
                        var v = SIMD8<Double>.zero
                        for lane in 0..<lanes { v[lane] = w * source[lane] }
                        c[(g * width + j) * outs + k] = v
                    }
                }
            }
        }
        return c
    }

    /// The linear path on chunks of crash sets, one tally each (`crashes` crashed neurons per set).
    ///
    /// Loop order: blocks of ``Evaluator/blockSize`` inputs, then chunks, then pairs of lane groups of eight inputs,
    /// then the chunk's crash sets. A lane group's contributions stay in cache for every set of every chunk given, and the
    /// prefix sums of a set's first neurons (prefix[d], M vectors) are rebuilt only where consecutive sets differ;
    /// in lexicographic order the last neuron varies fastest, over runs of up to N_L sets sharing one prefix.
    ///
    /// The tallies are the same bits as adding each set's deviations on each block of inputs at once (a block sum
    /// per set, eight lanes summed vector by vector then across): per set the lane groups' deviation vectors are
    /// summed into one vector per block, and the blocks are folded into the tally set by set in chunk order. So the
    /// result depends on neither the chunk grouping nor the thread count.
    func linearChunks(_ chunks: [Range<Int>], crashes f: Int, contributions: [SIMD8<Double>]) -> [ChunkTally] {
        let m = inputs.count, outs = chip.outputCount, width = chip.widths[chip.depth - 1]
        let blockSize = Evaluator.blockSize
        var tallies = chunks.map { ChunkTally(inputs: m, sets: $0.count) }
        let longest = chunks.map(\.count).max() ?? 0
        // Per set of the chunk at hand, over the current block: Σ of its deviation vectors and of their squares.
        let sums = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: max(1, longest))
        let squares = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: max(1, longest))
        // prefix[d] at 2d·M: Σ of the contributions of the set's first d neurons, d in 0..<f (prefix[0] = 0), for
        // the first lane group of a pair, then (M vectors on) for the second.
        let prefix = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: 2 * f * outs)
        prefix.initialize(repeating: .zero, count: 2 * f * outs)
        defer {
            for buffer in [sums, squares] { buffer.deallocate() }
            prefix.deallocate()
        }
        // Each chunk's walk over its sets, planned once (not once per lane group: unranking a chunk's first set
        // costs f·N_L binomials, and a walk per lane group copied and mutated its combination's array).
        let plans = chunks.map { setRuns($0, crashes: f, width: width) }
        let norm = self.norm
        let kernels = LaneKernels.current
        let leaves = kernels.linearLeaves, pairs = kernels.linearLeavesPair
        let groupStride = width * outs
        contributions.withUnsafeBufferPointer { contributions in
            for first in Swift.stride(from: 0, to: m, by: blockSize) {
                let count = min(blockSize, m - first)
                for (chunk, sets) in chunks.enumerated() {
                    let n = sets.count
                    sums.update(repeating: .zero, count: n)
                    squares.update(repeating: .zero, count: n)
                    // The block's largest deviation in this chunk, and its first (set position, input) in that
                    // order: what offering each set's block maximum in set order would leave.
                    var best = -Double.infinity, bestSet = -1, bestInput = -1
                    // Lane groups two at a time (one walk over the sets for sixteen inputs), the last alone when
                    // the block has an odd number of them.
                    for lane0 in Swift.stride(from: first, to: first + count, by: 16) {
                        let groups = lane0 + 8 < first + count ? 2 : 1
                        let c = contributions.baseAddress! + (lane0 / 8) * groupStride
                        var top = SIMD8<Double>(repeating: -.infinity), secondTop = top
                        var topAt = SIMD8<Int64>(repeating: -1), secondTopAt = topAt
                        let plan = plans[chunk]
                        var position = 0
                        for r in 0..<plan.count {
                            // A lane group's first set rebuilds every prefix sum.
                            for d in min(plan.changed[r], f - 1)..<(f - 1) {
                                for g in 0..<groups {
                                    let below = prefix + (2 * d + g) * outs, row = c + g * groupStride + plan.neuron(r, d) * outs
                                    let next = below + 2 * outs
                                    for k in 0..<outs { next[k] = below[k] + row[k] }
                                }
                            }
                            // The sets from here that differ in their last neuron only.
                            let last = plan.neuron(r, f - 1), run = plan.length[r]
                            let below = prefix + 2 * (f - 1) * outs
                            if groups == 2 {
                                pairs(
                                    below, c, groupStride, outs, last..<(last + run), position, norm, sums, squares,
                                    &top, &topAt, &secondTop, &secondTopAt)
                            } else {
                                leaves(below, c, outs, last..<(last + run), position, norm, sums, squares, &top, &topAt)
                            }
                            position += run
                        }
                        // Group by group, lanes in input order: among equal maxima of one set the first input stays.
                        func fold(_ top: SIMD8<Double>, _ topAt: SIMD8<Int64>, from group0: Int) {
                            let lanes = min(8, m - group0)
                            tallies[chunk].perInputMax.withUnsafeMutableBufferPointer { maxima in
                                for lane in 0..<lanes { maxima[group0 + lane] = max(maxima[group0 + lane], top[lane]) }
                            }
                            for lane in 0..<lanes {
                                let value = top[lane], set = Int(topAt[lane])
                                if value > best || (value == best && set < bestSet) {
                                    (best, bestSet, bestInput) = (value, set, group0 + lane)
                                }
                            }
                        }
                        fold(top, topAt, from: lane0)
                        if groups == 2 { fold(secondTop, secondTopAt, from: lane0 + 8) }
                    }
                    for position in 0..<n {
                        tallies[chunk].add(
                            blockSum: sums[position].sum(), squareSum: squares[position].sum(), set: position)
                    }
                    if bestSet >= 0 {
                        tallies[chunk].offer(largest: best, setNumber: sets.lowerBound + bestSet, input: bestInput)
                    }
                }
            }
        }
        return tallies
    }

    /// A chunk's sets as runs that share all but their last neuron (one run per set when sampled), in order.
    struct SetRuns {
        /// Per run: the first neuron position in which its first set differs from the set before it (0 for the
        /// chunk's first set: every prefix sum is rebuilt), and how many sets it holds.
        var changed = [Int](), length = [Int]()
        /// The runs' first sets, `crashes` neurons each, one after another.
        var firstSets = [Int]()
        let crashes: Int

        var count: Int { length.count }

        /// Neuron d of run r's first set.
        func neuron(_ r: Int, _ d: Int) -> Int { firstSets[r * crashes + d] }
    }

    /// The runs of chunk `sets`, f crashed neurons of the last hidden layer's `width` per set.
    func setRuns(_ sets: Range<Int>, crashes f: Int, width: Int) -> SetRuns {
        var plan = SetRuns(crashes: f)
        if isExhaustive {
            var combination = Combination(n: width, k: f, rank: UInt64(sets.lowerBound))
            var position = 0
            while position < sets.count {
                let changed = position > 0 ? combination.advance() ?? 0 : 0
                let last = combination.indices[f - 1]
                let run = min(width - last, sets.count - position)
                plan.changed.append(changed)
                plan.length.append(run)
                plan.firstSets += combination.indices
                position += run
                if run > 1 { combination.advanceLast(by: run - 1) }
            }
        } else {
            var previous = [Int]()
            for set in sets {
                let neurons = faultSet(at: set).neurons[chip.depth - 1]
                plan.changed.append(zip(previous, neurons).prefix { $0 == $1 }.count)
                plan.length.append(1)
                plan.firstSets += neurons
                previous = neurons
            }
        }
        return plan
    }
}

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
    func lastLayerContributions(_ last: (values: [Double], stride: Int), threads: Int?) -> [SIMD8<Double>] {
        let depth = chip.depth, outs = chip.outputCount, width = chip.widths[depth - 1]
        let m = inputs.count, groups = (m + 7) / 8, stride = last.stride
        let readout = Array(chip.readout.weights)
        // Every lane group's vectors are written once, by one worker: the same numbers on any thread count.
        return [SIMD8<Double>](unsafeUninitializedCapacity: groups * width * outs) { c, initialized in
            let c = SendablePointer(c.baseAddress!)
            last.values.withUnsafeBufferPointer { a in
                let y = SendablePointer(UnsafeMutablePointer(mutating: a.baseAddress!))
                readout.withUnsafeBufferPointer { w in
                    let w = SendablePointer(UnsafeMutablePointer(mutating: w.baseAddress!))
                    Parallel.forEach(groups, threads: threads) { g in
                        let first = 8 * g, lanes = min(8, m - first)
                        for j in 0..<width {
                            let source = UnsafePointer(y.pointer) + (j * stride + first)
                            let row = c.pointer + (g * width + j) * outs
                            if lanes == 8 {
                                let x = UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Double>.self)
                                for k in 0..<outs {
                                    (row + k).initialize(to: SIMD8<Double>(repeating: w.pointer[k * width + j]) * x)
                                }
                            } else {
                                // Past the last input the lanes are +0 (never read as inputs).
                                for k in 0..<outs {
                                    var v = SIMD8<Double>.zero
                                    for lane in 0..<lanes { v[lane] = w.pointer[k * width + j] * source[lane] }
                                    (row + k).initialize(to: v)
                                }
                            }
                        }
                    }
                }
            }
            initialized = groups * width * outs
        }
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
        let tops = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: blockSize / 8)
        let ats = UnsafeMutablePointer<SIMD8<Int64>>.allocate(capacity: blockSize / 8)
        defer {
            for buffer in [sums, squares, tops] { buffer.deallocate() }
            ats.deallocate()
            prefix.deallocate()
        }
        // Each chunk's walk over its sets, planned once (not once per lane group: unranking a chunk's first set
        // costs f·N_L binomials, and a walk per lane group copied and mutated its combination's array).
        let plans = chunks.map { setRuns($0, crashes: f, width: width) }
        let norm = self.norm
        let kernels = LaneKernels.current
        let walk = kernels.linearWalk
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
                    // Per lane group of the block, its lanes' largest deviations so far and their first sets.
                    let laneGroups = (count + 7) / 8
                    tops.update(repeating: SIMD8(repeating: -.infinity), count: laneGroups)
                    ats.update(repeating: SIMD8(repeating: -1), count: laneGroups)
                    let plan = plans[chunk]
                    // Lane groups two at a time (one walk over the sets for sixteen inputs), the last alone when the
                    // block has an odd number of them.
                    for g0 in Swift.stride(from: 0, to: laneGroups, by: 2) {
                        let groups = g0 + 1 < laneGroups ? 2 : 1
                        let c = contributions.baseAddress! + (first / 8 + g0) * groupStride
                        plan.changed.withUnsafeBufferPointer { changed in
                            plan.length.withUnsafeBufferPointer { lengths in
                                plan.firstSets.withUnsafeBufferPointer { firstSets in
                                    walk(
                                        0..<plan.count, 0, changed.baseAddress!, lengths.baseAddress!,
                                        firstSets.baseAddress!, f, c, groupStride, groups, outs, norm, prefix, sums,
                                        squares, tops + g0, ats + g0)
                                }
                            }
                        }
                    }
                    // Lane groups in input order, lanes in input order: among equal maxima of one set the first
                    // input stays.
                    for g in 0..<laneGroups {
                        let group0 = first + 8 * g, lanes = min(8, m - group0), top = tops[g], topAt = ats[g]
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
                    tallies[chunk].addBlock(sumLanes: sums, squareLanes: squares, count: n)
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
        var changed = [Int32](), length = [Int32]()
        /// The runs' first sets, `crashes` neurons each, one after another.
        var firstSets = [Int32]()

        var count: Int { length.count }
    }

    /// The runs of chunk `sets`, f crashed neurons of the last hidden layer's `width` per set.
    func setRuns(_ sets: Range<Int>, crashes f: Int, width: Int) -> SetRuns {
        var plan = SetRuns()
        if isExhaustive {
            var combination = Combination(n: width, k: f, rank: UInt64(sets.lowerBound))
            var position = 0
            while position < sets.count {
                let changed = position > 0 ? combination.advance() ?? 0 : 0
                let last = combination.indices[f - 1]
                let run = min(width - last, sets.count - position)
                plan.changed.append(Int32(changed))
                plan.length.append(Int32(run))
                plan.firstSets += combination.indices.map { Int32($0) }
                position += run
                if run > 1 { combination.advanceLast(by: run - 1) }
            }
        } else {
            var previous = [Int]()
            for set in sets {
                let neurons = faultSet(at: set).neurons[chip.depth - 1]
                plan.changed.append(Int32(zip(previous, neurons).prefix { $0 == $1 }.count))
                plan.length.append(1)
                plan.firstSets += neurons.map { Int32($0) }
                previous = neurons
            }
        }
        return plan
    }
}

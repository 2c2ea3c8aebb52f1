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
    /// Loop order: blocks of ``Evaluator/blockSize`` inputs, then chunks, then lane groups of eight inputs, then the
    /// chunk's crash sets. A lane group's contributions stay in cache for every set of every chunk given, and the
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
        // prefix[d] at d·M: Σ of the contributions of the set's first d neurons, d in 0..<f (prefix[0] = 0).
        let prefix = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: f * outs)
        prefix.initialize(repeating: .zero, count: f * outs)
        defer {
            for buffer in [sums, squares] { buffer.deallocate() }
            prefix.deallocate()
        }
        // Sampled sets are drawn once per chunk, not once per lane group, with how many leading neurons each shares
        // with the set before it (the prefix sums kept from that set).
        let draws = chunks.map { sets in isExhaustive ? [] : sets.map { faultSet(at: $0).neurons[chip.depth - 1] } }
        let shared = draws.map { sets in
            sets.indices.map { p in p == 0 ? 0 : zip(sets[p - 1], sets[p]).prefix { $0 == $1 }.count }
        }
        // Each chunk's first set, unranked once (not once per lane group: unranking costs f·N_L binomials).
        let starts = chunks.map { Combination(n: width, k: f, rank: isExhaustive ? UInt64($0.lowerBound) : 0) }
        let norm = self.norm
        let leaves = LaneKernels.current.linearLeaves
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
                    for lane0 in Swift.stride(from: first, to: first + count, by: 8) {
                        let c = contributions.baseAddress! + (lane0 / 8) * width * outs
                        var top = SIMD8<Double>(repeating: -.infinity)
                        var topAt = SIMD8<Int64>(repeating: -1)
                        var combination = starts[chunk]
                        var position = 0
                        while position < n {
                            // A lane group's first set rebuilds every prefix sum.
                            var changed = 0
                            let neurons: [Int]
                            if isExhaustive {
                                if position > 0 { changed = combination.advance() ?? 0 }
                                neurons = combination.indices
                            } else {
                                if position > 0 { changed = shared[chunk][position] }
                                neurons = draws[chunk][position]
                            }
                            for d in min(changed, f - 1)..<(f - 1) {
                                let below = prefix + d * outs, row = c + neurons[d] * outs
                                for k in 0..<outs { below[outs + k] = below[k] + row[k] }
                            }
                            // The sets from here that differ in their last neuron only.
                            let last = neurons[f - 1]
                            let run = isExhaustive ? min(width - last, n - position) : 1
                            let below = prefix + (f - 1) * outs
                            leaves(below, c, outs, last..<(last + run), position, norm, sums, squares, &top, &topAt)
                            position += run
                            if run > 1 { combination.advanceLast(by: run - 1) }
                        }
                        tallies[chunk].perInputMax.withUnsafeMutableBufferPointer { maxima in
                            for lane in 0..<min(8, m - lane0) {
                                maxima[lane0 + lane] = max(maxima[lane0 + lane], top[lane])
                            }
                        }
                        // Lanes come in input order, so among equal maxima of one set the first input stays.
                        for lane in 0..<min(8, m - lane0) {
                            let value = top[lane], set = Int(topAt[lane])
                            if value > best || (value == best && set < bestSet) {
                                (best, bestSet, bestInput) = (value, set, lane0 + lane)
                            }
                        }
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
}

import NeuroFailCore

/// One chunk's statistics accumulated over input tiles (everything of a ``ChunkTally`` but the per-input maxima,
/// which go straight to the run's array).
private struct ChunkPartial {
    var sum = CompensatedSum()
    var squares = CompensatedSum()
    var setSums: [Double]
    var worst = -Double.infinity
    var worstSet = -1
    var worstInput = -1

    init(sets: Int) { setSums = Array(repeating: 0, count: sets) }

    /// Adds the tally of the same chunk on the next tile, whose first input is `offset`.
    mutating func add(_ tally: ChunkTally, offset: Int) {
        sum = sum.merged(with: tally.sum)
        squares = squares.merged(with: tally.squares)
        for s in setSums.indices { setSums[s] += tally.setSums[s] }
        if tally.worst > worst {
            worst = tally.worst
            worstSet = tally.worstSet
            worstInput = tally.worstInput + offset
        }
    }
}

extension OmegaCampaign {
    /// Inputs per tile: above this many inputs, ``run(sets:threads:progress:)`` streams them in tiles, so that the
    /// pristine activations (all layers, input layer included) and the last layer's contributions are held for one
    /// tile at a time instead of for every input. A multiple of ``Evaluator/blockSize``.
    public static let inputTile = 8192

    /// Ω over crash sets `sets`, the inputs taken `tile` at a time: for each tile, the pristine activations and
    /// contributions of that tile only, every chunk of crash sets on it; per chunk, the tiles' partial sums are
    /// added in tile order and the chunks are then merged in chunk order, as in the untiled run.
    ///
    /// Held at once: the inputs, O(tile × Σ widths) activations, the per-input maxima, and one number per crash set
    /// of `sets` (its sum over the inputs, needed for the confidence interval). Counts and maxima equal the untiled
    /// run's; sums agree to the last bits (they are added in another order); the bytes do not depend on `threads`.
    func tiledRun(
        sets: Range<Int>, tile: Int, threads: Int?, progress: (@Sendable (Double) -> Void)?
    ) -> OmegaStatistics {
        precondition(tile > 0 && tile % Evaluator.blockSize == 0, "tile must be a multiple of \(Evaluator.blockSize)")
        let m = inputs.count, d = inputs.dimension
        let total = sets.count
        let chunkSize = max(1, (total + OmegaCampaign.chunkTarget - 1) / OmegaCampaign.chunkTarget)
        let chunks = (total + chunkSize - 1) / chunkSize
        @Sendable func chunk(_ c: Int) -> Range<Int> {
            let lower = sets.lowerBound + c * chunkSize
            return lower..<min(lower + chunkSize, sets.upperBound)
        }
        var partials = (0..<chunks).map { ChunkPartial(sets: chunk($0).count) }
        var perInputMax = [Double](repeating: -.infinity, count: m)
        let tiles = (m + tile - 1) / tile
        for t in 0..<tiles {
            let first = t * tile, count = min(tile, m - first)
            let batch = InputBatch(count: count, dimension: d, values: Array(inputs.values[(first * d)..<((first + count) * d)]))
            let part = OmegaCampaign(chip: chip, inputs: batch, selection: selection, mode: mode, seed: seed, norm: norm)
            let table = part.evaluator.pristineActivations(batch, threads: threads)
            let linear = part.linearCrashCount
            let contributions = linear == nil ? nil : part.lastLayerContributions(table)
            let slots = UnsafeMutableBufferPointer<ChunkTally?>.allocate(capacity: chunks)
            slots.initialize(repeating: nil)
            let pointer = SendablePointer(slots.baseAddress!)
            Parallel.forEach(chunks, threads: threads) { c in
                pointer.pointer[c] =
                    if let linear, let contributions {
                        part.linearChunk(chunk(c), crashes: linear, contributions: contributions, table: table)
                    } else {
                        part.generalChunk(chunk(c), table: table)
                    }
            }
            for c in 0..<chunks {
                let tally = slots[c]!
                partials[c].add(tally, offset: first)
                for i in 0..<count { perInputMax[first + i] = max(perInputMax[first + i], tally.perInputMax[i]) }
            }
            _ = slots.deinitialize()
            slots.deallocate()
            progress?(Double(t + 1) / Double(tiles))
        }
        var sum = CompensatedSum(), squares = CompensatedSum()
        var setMeans = CompensatedSum(), setMeanSquares = CompensatedSum()
        var worst = -Double.infinity, worstSet = -1, worstInput = -1
        for partial in partials {
            sum = sum.merged(with: partial.sum)
            squares = squares.merged(with: partial.squares)
            if partial.worst > worst {
                worst = partial.worst
                worstSet = partial.worstSet
                worstInput = partial.worstInput
            }
            for setSum in partial.setSums {
                let mean = setSum / Double(m)
                setMeans.add(mean)
                setMeanSquares.add(mean * mean)
            }
        }
        return OmegaStatistics(
            configurations: total, inputs: m, exhaustive: isExhaustive, norm: norm, deviationSum: sum,
            deviationSquareSum: squares, setMeanSum: setMeans, setMeanSquareSum: setMeanSquares,
            perInputMax: perInputMax, omegaMax: worst, worstFaultSet: worstSet >= 0 ? faultSet(at: worstSet) : nil,
            worstInput: worstInput >= 0 ? worstInput : nil)
    }
}

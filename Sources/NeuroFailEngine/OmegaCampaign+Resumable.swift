import Foundation
import NeuroFailCore

/// The folded state of a campaign run part-way: the statistics of chunks 0..<`nextChunk` of `sets`, merged in chunk
/// order exactly as ``OmegaCampaign/run(sets:threads:progress:)`` merges them, so that finishing from here gives the
/// same bytes as a run that was never interrupted. This is what a checkpoint file holds.
public struct OmegaProgress: Sendable, Hashable {
    /// The crash sets of the whole run (a shard's range, or all of them).
    public let sets: Range<Int>
    /// Crash sets per chunk (a function of `sets.count` only).
    public let chunkSize: Int
    /// The first chunk not yet folded in.
    public internal(set) var nextChunk: Int
    var sum: CompensatedSum
    var squares: CompensatedSum
    var setMeans: CompensatedSum
    var setMeanSquares: CompensatedSum
    var perInputMax: [Double]
    var worst: Double
    var worstSet: Int
    var worstInput: Int
    var configurations: Int

    /// Nothing done yet on `sets`, over `inputs` inputs.
    init(sets: Range<Int>, inputs: Int) {
        self.sets = sets
        chunkSize = max(1, (sets.count + OmegaCampaign.chunkTarget - 1) / OmegaCampaign.chunkTarget)
        nextChunk = 0
        sum = .init()
        squares = .init()
        setMeans = .init()
        setMeanSquares = .init()
        perInputMax = Array(repeating: -.infinity, count: inputs)
        worst = -.infinity
        worstSet = -1
        worstInput = -1
        configurations = 0
    }

    /// The number of chunks of the run.
    public var chunkCount: Int { (sets.count + chunkSize - 1) / chunkSize }
    /// Whether every chunk is folded in.
    public var isComplete: Bool { nextChunk >= chunkCount }
    /// The crash sets folded in so far.
    public var completedSets: Range<Int> { sets.lowerBound..<min(sets.upperBound, sets.lowerBound + nextChunk * chunkSize) }

    /// The crash sets of chunk `c`.
    func chunk(_ c: Int) -> Range<Int> {
        let lower = sets.lowerBound + c * chunkSize
        return lower..<min(lower + chunkSize, sets.upperBound)
    }

    /// Folds in the next chunk (the same operations, in the same order, as the campaign's own merge of its chunks).
    /// Its per-input maxima are already in ``perInputMax`` (a maximum does not depend on the order).
    mutating func fold(_ chunk: ChunkPartial) {
        let m = perInputMax.count
        sum = sum.merged(with: chunk.sum)
        squares = squares.merged(with: chunk.squares)
        if chunk.worst > worst {
            worst = chunk.worst
            worstSet = chunk.worstSet
            worstInput = chunk.worstInput
        }
        for setSum in chunk.setSums {
            let mean = setSum / Double(m)
            setMeans.add(mean)
            setMeanSquares.add(mean * mean)
        }
        configurations += chunk.setSums.count
        nextChunk += 1
    }
}

/// One chunk's statistics over the inputs (everything of a ``ChunkTally`` but the per-input maxima), accumulated
/// tile by tile. From a single tile it is that tile's tally exactly (adding to zero is exact).
struct ChunkPartial {
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

/// What evaluating crash sets on one tile of inputs needs: the tile's own campaign, pristine activations and, on the
/// linear path, contributions.
struct TileWork: Sendable {
    let first: Int
    let campaign: OmegaCampaign
    /// The pristine activations, for the general path (nil on the linear path, which needs `contributions` only).
    let table: ActivationTable?
    let linear: Int?
    let contributions: [SIMD8<Double>]?

    /// The tallies of chunks `chunks` of `state` on this tile, computed on `threads` workers.
    func tallies(_ chunks: Range<Int>, of state: OmegaProgress, threads: Int?) -> [ChunkTally] {
        campaign.tallies(
            chunks.map { state.chunk($0) }, linear: linear, contributions: contributions, table: table, threads: threads)
    }
}

extension OmegaCampaign {
    /// Measures Ω over crash sets `sets`, resumably: chunks are computed a wave at a time (all threads busy),
    /// folded in order, and after each wave `checkpoint` receives the state whenever `interval` seconds have passed
    /// since the last call (and once at the end). Starting from a saved state computes only the chunks after it.
    ///
    /// The result is the same bytes as ``run(sets:threads:progress:)`` on the same sets, interrupted or not, for any
    /// thread count. Above ``inputTile`` inputs both stream the inputs in tiles (see ``inputTile``).
    ///
    /// - Parameters:
    ///   - resume: a state from an earlier call with the same campaign and `sets` (precondition), or nil.
    ///   - interval: the least time between two calls of `checkpoint`.
    public func run(
        sets: Range<Int>, threads: Int? = nil, resume: OmegaProgress? = nil, interval: Double = 5,
        progress: (@Sendable (Double) -> Void)? = nil, checkpoint: (OmegaProgress) throws -> Void
    ) rethrows -> OmegaStatistics {
        try resumableRun(
            sets: sets, threads: threads, resume: resume, interval: interval, tile: OmegaCampaign.inputTile,
            progress: progress, checkpoint: checkpoint)
    }

    /// ``run(sets:threads:resume:interval:progress:checkpoint:)`` with inputs taken `tile` at a time when there are
    /// more (a multiple of ``Evaluator/blockSize``).
    ///
    /// Per wave of chunks and per tile: the tile's pristine activations (computed once when there is one tile, else
    /// once per wave: after the first, waves grow until that costs at most a tenth of the wave, so checkpoints come
    /// at least ten tile preparations apart), the wave's tallies on it, added
    /// per chunk in tile order. Chunks are then folded in chunk order. Nothing here depends on how chunks are
    /// grouped into waves, so the bytes do not depend on threads, interval or interruptions.
    func resumableRun(
        sets: Range<Int>, threads: Int?, resume: OmegaProgress?, interval: Double, tile: Int,
        progress: (@Sendable (Double) -> Void)?, checkpoint: (OmegaProgress) throws -> Void
    ) rethrows -> OmegaStatistics {
        precondition(sets.lowerBound >= 0 && sets.upperBound <= setCount, "sets out of 0..<\(setCount)")
        precondition(tile > 0 && tile % Evaluator.blockSize == 0, "a tile is a multiple of \(Evaluator.blockSize) inputs")
        var state = resume ?? OmegaProgress(sets: sets, inputs: inputs.count)
        precondition(state.sets == sets && state.perInputMax.count == inputs.count, "a state from another run")
        let m = inputs.count
        let tiles = Array(Swift.stride(from: 0, to: m, by: m > tile ? tile : m))
        let workers = max(1, threads ?? Parallel.defaultThreads)
        // One tile: its activations once, waves of a few chunks. Several: as few waves as checkpoints allow.
        let single = tiles.count == 1 && !state.isComplete ? prepareTile(first: 0, count: m, threads: threads) : nil
        var waveSize = single != nil || interval.isFinite ? 2 * workers : state.chunkCount
        var saved = Date()
        while !state.isComplete {
            let first = state.nextChunk
            let wave = first..<min(first + waveSize, state.chunkCount)
            var partials = wave.map { ChunkPartial(sets: state.chunk($0).count) }
            let started = Date()
            var preparing = 0.0
            for start in tiles {
                let before = Date()
                let work = single ?? prepareTile(first: start, count: min(tile, m - start), threads: threads)
                preparing += Date().timeIntervalSince(before)
                let tallies = work.tallies(wave, of: state, threads: threads)
                let count = work.campaign.inputs.count
                state.perInputMax.withUnsafeMutableBufferPointer { maxima in
                    for (w, tally) in tallies.enumerated() {
                        partials[w].add(tally, offset: start)
                        for i in 0..<count { maxima[start + i] = max(maxima[start + i], tally.perInputMax[i]) }
                    }
                }
            }
            for partial in partials { state.fold(partial) }
            progress?(Double(state.nextChunk) / Double(state.chunkCount))
            if single == nil {
                // Next wave: long enough that preparing the tiles again costs at most a tenth of it.
                let perChunk = max(1e-9, Date().timeIntervalSince(started) - preparing) / Double(wave.count)
                let target = max(interval.isFinite ? interval : 0, 10 * preparing)
                waveSize = max(waveSize, Int((target / perChunk).rounded(.up)))
            }
            if Date().timeIntervalSince(saved) >= interval, !state.isComplete {
                try checkpoint(state)
                saved = Date()
            }
        }
        try checkpoint(state)
        return statistics(of: state)
    }

    /// The activations (and contributions) of inputs `first ..< first + count`, with a campaign over them alone.
    func prepareTile(first: Int, count: Int, threads: Int?) -> TileWork {
        let part: OmegaCampaign
        if first == 0 && count == inputs.count {
            part = self
        } else {
            let d = inputs.dimension
            let batch = InputBatch(count: count, dimension: d, values: Array(inputs.values[(first * d)..<((first + count) * d)]))
            part = OmegaCampaign(chip: chip, inputs: batch, selection: selection, mode: mode, seed: seed, norm: norm)
        }
        let linear = part.linearCrashCount
        return TileWork(
            first: first, campaign: part,
            table: linear == nil ? part.evaluator.pristineActivations(part.inputs, threads: threads) : nil,
            linear: linear,
            contributions: linear == nil ? nil : part.lastLayerContributions(
                part.evaluator.pristineLastLayer(part.inputs, threads: threads), threads: threads))
    }

    /// The statistics of a folded state.
    public func statistics(of state: OmegaProgress) -> OmegaStatistics {
        OmegaStatistics(
            configurations: state.configurations, inputs: inputs.count, exhaustive: isExhaustive, norm: norm,
            deviationSum: state.sum, deviationSquareSum: state.squares, setMeanSum: state.setMeans,
            setMeanSquareSum: state.setMeanSquares, perInputMax: state.perInputMax, omegaMax: state.worst,
            worstFaultSet: state.worstSet >= 0 ? faultSet(at: state.worstSet) : nil,
            worstInput: state.worstInput >= 0 ? state.worstInput : nil)
    }

    /// What identifies this campaign's results besides the chip and the inputs: the crash selection, how sets are
    /// chosen, the seed (when sampled), the norm. Two runs with equal options on equal chips and inputs measure the
    /// same crash sets the same way.
    public var options: JSONValue {
        var selectionJSON: JSONValue
        switch selection {
        case .perLayer(let neurons, let synapses):
            selectionJSON = ["neurons": .integers(neurons), "synapses": synapses.map { .integers($0) } ?? .null]
        case .total(let f):
            selectionJSON = ["total": .number(Double(f))]
        }
        return [
            "selection": selectionJSON, "exhaustive": .bool(isExhaustive), "sets": .number(Double(setCount)),
            "seed": isExhaustive ? .null : .string(String(seed)), "norm": .string(norm.rawValue),
        ]
    }
}

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

    /// Folds in the next chunk's tally (the same operations, in the same order, as the campaign's own merge).
    mutating func fold(_ tally: ChunkTally) {
        let m = perInputMax.count
        sum = sum.merged(with: tally.sum)
        squares = squares.merged(with: tally.squares)
        for i in 0..<m { perInputMax[i] = max(perInputMax[i], tally.perInputMax[i]) }
        if tally.worst > worst {
            worst = tally.worst
            worstSet = tally.worstSet
            worstInput = tally.worstInput
        }
        for setSum in tally.setSums {
            let mean = setSum / Double(m)
            setMeans.add(mean)
            setMeanSquares.add(mean * mean)
        }
        configurations += tally.setSums.count
        nextChunk += 1
    }
}

extension OmegaCampaign {
    /// Measures Ω over crash sets `sets`, resumably: chunks are computed a few at a time (all threads busy), folded in
    /// order, and after each such wave `checkpoint` receives the state whenever `interval` seconds have passed since
    /// the last call (and once at the end). Starting from a saved state computes only the chunks after it.
    ///
    /// The result is the same bytes as ``run(sets:threads:progress:)`` on the same sets, interrupted or not.
    ///
    /// - Parameters:
    ///   - resume: a state from an earlier call with the same campaign and `sets` (precondition), or nil.
    ///   - interval: the least time between two calls of `checkpoint`.
    public func run(
        sets: Range<Int>, threads: Int? = nil, resume: OmegaProgress? = nil, interval: Double = 5,
        progress: (@Sendable (Double) -> Void)? = nil, checkpoint: (OmegaProgress) throws -> Void
    ) rethrows -> OmegaStatistics {
        precondition(sets.lowerBound >= 0 && sets.upperBound <= setCount, "sets out of 0..<\(setCount)")
        var state = resume ?? OmegaProgress(sets: sets, inputs: inputs.count)
        precondition(state.sets == sets && state.perInputMax.count == inputs.count, "a state from another run")
        let workers = max(1, threads ?? Parallel.defaultThreads)
        if !state.isComplete {
            let table = evaluator.pristineActivations(inputs, threads: threads)
            let linear = linearCrashCount
            let contributions = linear == nil ? nil : lastLayerContributions(table)
            var saved = Date()
            while !state.isComplete {
                let first = state.nextChunk
                let wave = min(2 * workers, state.chunkCount - first)
                let slots = UnsafeMutableBufferPointer<ChunkTally?>.allocate(capacity: wave)
                slots.initialize(repeating: nil)
                let pointer = SendablePointer(slots.baseAddress!)
                let current = state
                Parallel.forEach(wave, threads: threads) { w in
                    let chunk = current.chunk(first + w)
                    pointer.pointer[w] =
                        if let linear, let contributions {
                            linearChunk(chunk, crashes: linear, contributions: contributions, table: table)
                        } else {
                            generalChunk(chunk, table: table)
                        }
                }
                for w in 0..<wave { state.fold(slots[w]!) }
                _ = slots.deinitialize()
                slots.deallocate()
                progress?(Double(state.nextChunk) / Double(state.chunkCount))
                if Date().timeIntervalSince(saved) >= interval, !state.isComplete {
                    try checkpoint(state)
                    saved = Date()
                }
            }
        }
        try checkpoint(state)
        return statistics(of: state)
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

import NeuroFailCore
import Synchronization

/// A crash-injection campaign: the true output error Ω of a chip over a selection of crash sets and a batch of
/// inputs (paper section IV), exhaustive or on a seeded uniform sample of the sets.
///
/// A run is one (crash set, input) pair; its deviation is ‖F_neu(x) − F_fail(x)‖ in the chosen ``DeviationNorm``.
///
/// Determinism: the sequence of crash sets is fixed (lexicographic enumeration, or sample i drawn from the stream
/// `Xoshiro256(seed: seed, stream: i)`), it is cut into chunks whose size depends only on the number of sets, and the
/// chunks' partial statistics are merged in chunk order. The result is the same bytes for any thread count.
///
/// Two evaluation paths, tested equal to the plain one-input path:
/// - crashes only among the neurons of the last hidden layer: output k moves by Σ_(j∈S) W_out[k, j]·y_j, so the
///   per-input contributions are computed once and crash sets are walked in order, reusing the partial sum of the
///   common prefix of consecutive sets (a depth-first walk in exhaustive mode), vectorised over blocks of inputs;
/// - anything else: the layers from the first one a crash changes are recomputed, batched over inputs, from the
///   pristine activations before it.
public struct OmegaCampaign: Sendable {
    /// How crash sets are chosen.
    public enum Mode: Sendable, Hashable {
        /// Exhaustive when the selection has at most `exhaustiveLimit` sets, else `samples` random sets.
        case automatic(exhaustiveLimit: Double = 1_000_000, samples: Int = 10_000)
        /// Every set of the selection (precondition: their number fits an `Int`).
        case exhaustive
        /// This many sets drawn independently and uniformly (with replacement) from the selection.
        case sampled(Int)
    }

    /// The chip under test.
    public let chip: Chip
    /// The inputs each crash set is evaluated on.
    public let inputs: InputBatch
    /// Which crash sets.
    public let selection: CrashSelection
    /// How they are chosen.
    public let mode: Mode
    /// The seed of the sample (unused when exhaustive).
    public let seed: UInt64
    /// How one input's output deviation is measured.
    public let norm: DeviationNorm
    /// Whether ``run(threads:progress:)`` enumerates every set of the selection.
    public let isExhaustive: Bool
    /// The number of crash sets ``run(threads:progress:)`` evaluates.
    public let setCount: Int

    let evaluator: Evaluator
    let factors: [CrashFactor]
    /// Whether the general path may keep a_L per prefix of crashes (on by default; tests turn it off to check that
    /// it changes no bit).
    var allowsPrefixReuse = true

    /// A campaign; nothing is computed until ``run(threads:progress:)``.
    ///
    /// Preconditions: `inputs.dimension == chip.inputCount`, at least one input, crash counts within the layers' sizes.
    public init(
        chip: Chip, inputs: InputBatch, selection: CrashSelection, mode: Mode = .automatic(), seed: UInt64 = 0,
        norm: DeviationNorm = .linf
    ) {
        precondition(inputs.dimension == chip.inputCount, "inputs have \(inputs.dimension) numbers, the chip takes \(chip.inputCount)")
        precondition(inputs.count > 0, "a campaign needs at least one input")
        self.chip = chip
        self.inputs = inputs
        self.selection = selection
        self.mode = mode
        self.seed = seed
        self.norm = norm
        evaluator = Evaluator(chip: chip)
        factors = selection.factors(on: chip)
        let exact = selection.exactConfigurationCount(on: chip)
        switch mode {
        case .exhaustive:
            precondition(exact.map { $0 <= UInt64(Int.max) } ?? false, "too many crash sets to enumerate")
            isExhaustive = true
            setCount = Int(exact!)
        case .sampled(let n):
            precondition(n > 0, "sample at least one crash set")
            isExhaustive = false
            setCount = n
        case .automatic(let limit, let samples):
            if let exact, Double(exact) <= limit {
                isExhaustive = true
                setCount = Int(exact)
            } else {
                precondition(samples > 0, "sample at least one crash set")
                isExhaustive = false
                setCount = samples
            }
        }
    }

    /// The number of crash sets in the selection (Double: it may exceed any integer).
    public var configurationCount: Double { selection.configurationCount(on: chip) }

    /// The number of crash sets `selection` has on `chip`.
    public static func configurationCount(_ selection: CrashSelection, on chip: Chip) -> Double {
        selection.configurationCount(on: chip)
    }

    /// Crash set number `index` (0..<``setCount``): the index-th set in enumeration order when exhaustive (the last
    /// factor of the selection varies fastest, each factor in lexicographic order), else sample number `index`.
    public func faultSet(at index: Int) -> FaultSet {
        precondition(index >= 0 && index < setCount, "crash set \(index) out of 0..<\(setCount)")
        if isExhaustive {
            return build(combinations(rank: UInt64(index)).map(\.indices))
        }
        var rng = Xoshiro256(seed: seed, stream: UInt64(index))
        return build(factors.map { rng.sample($0.k, from: $0.n) })
    }

    /// Measures Ω over all ``setCount`` crash sets.
    ///
    /// - Parameters:
    ///   - threads: workers (default: all cores); the result does not depend on it.
    ///   - progress: called with the fraction done (0...1) after each chunk, from any thread.
    public func run(threads: Int? = nil, progress: (@Sendable (Double) -> Void)? = nil) -> OmegaStatistics {
        run(sets: 0..<setCount, threads: threads, progress: progress)
    }

    /// Measures Ω over crash sets `sets` only: a shard. Shards covering 0..<``setCount`` merge (in order, with
    /// ``OmegaStatistics/merged(with:)``) into the whole campaign's statistics, up to the last bits of the sums.
    public func run(
        sets: Range<Int>, threads: Int? = nil, progress: (@Sendable (Double) -> Void)? = nil
    ) -> OmegaStatistics {
        precondition(sets.lowerBound >= 0 && sets.upperBound <= setCount, "sets out of 0..<\(setCount)")
        let total = sets.count
        guard total > 0 else { return OmegaStatistics(inputs: inputs.count, exhaustive: isExhaustive, norm: norm) }
        if inputs.count > OmegaCampaign.inputTile {
            return tiledRun(sets: sets, tile: OmegaCampaign.inputTile, threads: threads, progress: progress)
        }
        var chunkSize = max(1, (total + OmegaCampaign.chunkTarget - 1) / OmegaCampaign.chunkTarget)
        let linear = linearCrashCount
        // With prefix reuse, chunks a whole number of prefixes long (when a prefix is no longer than a chunk), so
        // that no prefix's a_L is built twice, at the end of one chunk and the start of the next: a quarter of the
        // builds of 2 crashes in each of three layers of 8. The chunks' tallies fold set by set: the same bits.
        if linear == nil, isExhaustive, allowsPrefixReuse, let f = prefixReuseFactor,
            let prefix = Binomial.exact(factors[f].n, factors[f].k).flatMap({ Int(exactly: $0) }), prefix <= chunkSize,
            sets.lowerBound % prefix == 0
        {
            chunkSize = (chunkSize + prefix - 1) / prefix * prefix
        }
        let chunks = (total + chunkSize - 1) / chunkSize
        // The linear path needs a_L alone; the general path every layer.
        let table = linear == nil ? evaluator.pristineActivations(inputs, threads: threads) : nil
        let contributions = linear == nil ? nil : lastLayerContributions(evaluator.pristineLastLayer(inputs, threads: threads), threads: threads)

        let ranges = (0..<chunks).map { c in
            let lower = sets.lowerBound + c * chunkSize
            return lower..<min(lower + chunkSize, sets.upperBound)
        }
        let tallies = self.tallies(
            ranges, linear: linear, contributions: contributions, table: table, threads: threads, progress: progress)
        return statistics(tallies, first: sets.lowerBound)
    }

    /// The tallies of `chunks` on `threads` workers, in the order given (`table`: the pristine activations, which the
    /// general path needs; the linear path needs its `contributions` only).
    ///
    /// Both paths take the chunks a group of consecutive ones at a time: the linear path two groups per worker, so
    /// that a block of inputs serves every chunk of its group while it is in cache
    /// (``linearChunks(_:crashes:contributions:)``); the general path eight per worker, each group's chunks on one
    /// pair of block buffers. Neither changes a tally: the result is the same bytes for any thread count and
    /// grouping.
    func tallies(
        _ chunks: [Range<Int>], linear: Int?, contributions: [SIMD8<Double>]?, table: ActivationTable?, threads: Int?,
        progress: (@Sendable (Double) -> Void)? = nil
    ) -> [ChunkTally] {
        let workers = max(1, min(threads ?? Parallel.defaultThreads, chunks.count))
        let groupCount = min(chunks.count, (linear == nil ? 8 : 2) * workers)
        let groups = (0..<groupCount).map { g in
            (g * chunks.count / groupCount)..<((g + 1) * chunks.count / groupCount)
        }
        let results = UnsafeMutableBufferPointer<ChunkTally?>.allocate(capacity: chunks.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let slots = SendablePointer(results.baseAddress!)
        let done = Mutex(0)
        Parallel.share(groups.count, threads: workers) { g in
            let group = groups[g]
            let tallies =
                if let linear, let contributions {
                    linearChunks(Array(chunks[group]), crashes: linear, contributions: contributions)
                } else if let table {
                    generalChunks(Array(chunks[group]), table: table)
                } else {
                    preconditionFailure("the general path without its activation table")
                }
            for (offset, tally) in tallies.enumerated() { slots.pointer[group.lowerBound + offset] = tally }
            if let progress {
                let finished = done.withLock { count in
                    count += group.count
                    return count
                }
                progress(Double(finished) / Double(chunks.count))
            }
        }
        return results.map { $0! }
    }

    /// The number of chunks a run is cut into (fewer when there are fewer sets): enough to balance the load on a
    /// few dozen cores, few enough that merging them costs nothing.
    static let chunkTarget = 256

    /// Merges the chunks' tallies in order: the fold a resumable run performs (``OmegaProgress``), so a run and a
    /// checkpointed run cannot drift apart.
    private func statistics(_ tallies: [ChunkTally], first: Int) -> OmegaStatistics {
        let m = inputs.count
        let count = tallies.reduce(0) { $0 + $1.setSums.count }
        var state = OmegaProgress(sets: first..<(first + count), inputs: m)
        for tally in tallies {
            var partial = ChunkPartial(sets: tally.setSums.count)
            partial.add(tally, offset: 0)  // exact: every field starts at zero (or −∞ for the maximum)
            for i in 0..<m { state.perInputMax[i] = max(state.perInputMax[i], tally.perInputMax[i]) }
            state.fold(partial)
        }
        return statistics(of: state)
    }
}

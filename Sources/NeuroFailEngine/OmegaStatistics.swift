import NeuroFailCore

/// What a crash-injection campaign measured: the paper's Ω_av, Ω_mav and Ω_max over (crash set, input) pairs, with
/// the moments needed to merge shards of the same campaign exactly.
///
/// A *run* is one (crash set, input) pair and its deviation ‖F_neu(x) − F_fail(x)‖ (see ``DeviationNorm``), in the
/// chip's output units. Invariants: `perInputMax.count == inputs`; every deviation ≥ 0.
///
/// Shards merge with ``merged(with:)`` when they cover disjoint crash sets of the same chip and the same inputs.
public struct OmegaStatistics: Sendable, Hashable {
    /// The number of crash sets evaluated (in sampled mode: samples drawn, repeats included).
    public let configurations: Int
    /// The number of inputs each crash set was evaluated on.
    public let inputs: Int
    /// Whether the crash sets were enumerated (all of the selection, or all of a shard's range of it) rather than
    /// drawn as a uniform random sample.
    public let exhaustive: Bool
    /// The norm the deviations were measured in.
    public let norm: DeviationNorm
    /// Σ of the deviations over all runs.
    public let deviationSum: CompensatedSum
    /// Σ of the squared deviations over all runs.
    public let deviationSquareSum: CompensatedSum
    /// Σ over crash sets of each set's mean deviation over the inputs (for the confidence interval).
    public let setMeanSum: CompensatedSum
    /// Σ over crash sets of the square of each set's mean deviation.
    public let setMeanSquareSum: CompensatedSum
    /// For each input, the largest deviation over the crash sets evaluated (−∞ when there were none).
    public let perInputMax: [Double]
    /// Ω_max: the largest deviation of any run (−∞ when there were none).
    public let omegaMax: Double
    /// The crash set of the first run (in enumeration order) that reached ``omegaMax``.
    public let worstFaultSet: FaultSet?
    /// The input index of that run.
    public let worstInput: Int?

    /// Builds statistics from their moments (used by campaigns and by ``merged(with:)``).
    public init(
        configurations: Int, inputs: Int, exhaustive: Bool, norm: DeviationNorm, deviationSum: CompensatedSum,
        deviationSquareSum: CompensatedSum, setMeanSum: CompensatedSum, setMeanSquareSum: CompensatedSum,
        perInputMax: [Double], omegaMax: Double, worstFaultSet: FaultSet?, worstInput: Int?
    ) {
        precondition(perInputMax.count == inputs, "one maximum per input")
        self.configurations = configurations
        self.inputs = inputs
        self.exhaustive = exhaustive
        self.norm = norm
        self.deviationSum = deviationSum
        self.deviationSquareSum = deviationSquareSum
        self.setMeanSum = setMeanSum
        self.setMeanSquareSum = setMeanSquareSum
        self.perInputMax = perInputMax
        self.omegaMax = omegaMax
        self.worstFaultSet = worstFaultSet
        self.worstInput = worstInput
    }

    /// Nothing measured yet, on `inputs` inputs: the identity of ``merged(with:)``.
    public init(inputs: Int, exhaustive: Bool, norm: DeviationNorm = .linf) {
        self.init(
            configurations: 0, inputs: inputs, exhaustive: exhaustive, norm: norm, deviationSum: .init(),
            deviationSquareSum: .init(), setMeanSum: .init(), setMeanSquareSum: .init(),
            perInputMax: Array(repeating: -.infinity, count: inputs), omegaMax: -.infinity, worstFaultSet: nil,
            worstInput: nil)
    }

    /// configurations × inputs: the number of (crash set, input) pairs.
    public var runs: Int { configurations * inputs }

    /// Ω_av: the mean deviation over all (crash set, input) pairs.
    public var omegaAverage: Double { deviationSum.value / Double(runs) }

    /// Ω_mav: the mean over inputs of the largest deviation over crash sets.
    public var omegaMaxAverage: Double {
        var s = CompensatedSum()
        for x in perInputMax { s.add(x) }
        return s.value / Double(inputs)
    }

    /// The population standard deviation of the deviations over all pairs, √(E[Ω²] − Ω_av²) from compensated sums
    /// (Tests/Reference/paper_reference.py computes it two-pass; the cross-check holds the two together).
    public var omegaStd: Double {
        let mean = omegaAverage
        return max(0, deviationSquareSum.value / Double(runs) - mean * mean).squareRoot()
    }

    /// A 95 % confidence interval on the true Ω_av of the whole selection, when the crash sets were sampled
    /// (nil when exhaustive: Ω_av is then exact for these inputs, or when fewer than two sets were drawn).
    ///
    /// Method: the sampled sets are independent and uniform, so their per-set mean deviations are i.i.d. and the
    /// central limit theorem gives Ω_av ± 1.96·s/√n, s the sample standard deviation of the n per-set means. Runs
    /// are not treated as independent: runs sharing a crash set are correlated.
    public var confidenceInterval95: ClosedRange<Double>? {
        guard !exhaustive, configurations >= 2 else { return nil }
        let n = Double(configurations)
        let mean = setMeanSum.value / n
        let variance = max(0, (setMeanSquareSum.value - n * mean * mean) / (n - 1))
        let half = 1.959_963_984_540_054 * (variance / n).squareRoot()
        return (mean - half)...(mean + half)
    }

    /// The statistics of both shards together (disjoint crash sets, same chip, same inputs, same norm).
    /// Ties for the worst run keep `self`'s, so merging shards in enumeration order keeps the first worst run.
    public func merged(with other: OmegaStatistics) -> OmegaStatistics {
        precondition(inputs == other.inputs && norm == other.norm, "shards of different campaigns")
        let takeOther = other.omegaMax > omegaMax
        return OmegaStatistics(
            configurations: configurations + other.configurations, inputs: inputs,
            exhaustive: exhaustive && other.exhaustive, norm: norm,
            deviationSum: deviationSum.merged(with: other.deviationSum),
            deviationSquareSum: deviationSquareSum.merged(with: other.deviationSquareSum),
            setMeanSum: setMeanSum.merged(with: other.setMeanSum),
            setMeanSquareSum: setMeanSquareSum.merged(with: other.setMeanSquareSum),
            perInputMax: zip(perInputMax, other.perInputMax).map { max($0, $1) },
            omegaMax: takeOther ? other.omegaMax : omegaMax,
            worstFaultSet: takeOther ? other.worstFaultSet : worstFaultSet,
            worstInput: takeOther ? other.worstInput : worstInput)
    }
}

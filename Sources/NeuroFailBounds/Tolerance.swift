/// How many crashes a chip tolerates under an error budget, according to Erf (or Erf_av).
///
/// Definitions (budget ε ≥ 0 in output units; "Erf" uses the chosen ``WeightStatistic``):
/// - ``neuronsPerLayer``: for each hidden layer l, the largest f_l ≤ N_l such that Erf(f_l crashes in layer l, no
///   other fault) ≤ ε. That Erf is linear in f_l, so every smaller count also stays within ε.
/// - ``neurons``: the largest f such that every placement of every f' ≤ f neuron crashes has Erf ≤ ε. (The worst
///   Erf over placements need not grow with f: a crash deep down removes a factor (N_l − f_l) from the terms above
///   it; hence "every f' ≤ f".)
/// - ``firstBreak``: the worst placement of `neurons + 1` crashes, whose Erf exceeds ε; `nil` when the chip
///   tolerates the crash of all its neurons.
/// - ``synapsesPerMatrix``: for each weight matrix l = 1...L+1, the largest s_l ≤ N_l·N_(l−1) such that
///   Erf(s_l crashed synapses in that matrix, no other fault) ≤ ε (also linear in s_l).
///
/// With ``WeightStatistic/max`` these are guarantees (Ω_max ≤ Erf ≤ ε); with ``WeightStatistic/mean`` they are
/// estimates of what the average case tolerates.
public struct Tolerance: Sendable {
    /// ε, the error budget on the output (L∞ deviation), in output units.
    public let budget: Double
    /// The weight statistic the counts were computed with.
    public let statistic: WeightStatistic
    /// `neuronsPerLayer[l - 1]`: the most crashes hidden layer l alone tolerates.
    public let neuronsPerLayer: [Int]
    /// The most neuron crashes tolerated wherever they fall.
    public let neurons: Int
    /// The worst placement of `neurons + 1` crashes and its Erf (> ``budget``), or `nil` if there is none.
    public let firstBreak: (neurons: [Int], erf: Double)?
    /// `synapsesPerMatrix[l - 1]`: the most synapse crashes weight matrix l alone tolerates (the readout last).
    public let synapsesPerMatrix: [Int]

    /// A tolerance as computed by ``ErfBound/tolerance(budget:_:)``.
    public init(
        budget: Double, statistic: WeightStatistic, neuronsPerLayer: [Int], neurons: Int,
        firstBreak: (neurons: [Int], erf: Double)?, synapsesPerMatrix: [Int]
    ) {
        self.budget = budget
        self.statistic = statistic
        self.neuronsPerLayer = neuronsPerLayer
        self.neurons = neurons
        self.firstBreak = firstBreak
        self.synapsesPerMatrix = synapsesPerMatrix
    }
}

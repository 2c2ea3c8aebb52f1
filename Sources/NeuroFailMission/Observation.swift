/// What the monitor saw at one moment of a mission: the measured degradation Ω of the current chip on the workload
/// against the pristine chip, the Erf bound and the Erf_av estimate for the current failures, and the verdicts.
public struct Observation: Sendable, Hashable {
    /// Ω_av: the mean over the workload of the output deviation (in output units, the scenario's norm).
    public var omegaAverage: Double
    /// Ω_max: the largest output deviation over the workload.
    public var omegaMax: Double
    /// Erf (Eq. 4 with max |w|, extended to synapses) for the current crashed neurons and synapses: a theorem.
    public var erf: Double
    /// Erf_av (mean |w|): the paper's estimator of Ω_av, not a bound.
    public var erfAverage: Double
    /// The error budget ε − ε′.
    public var budget: Double

    public init(omegaAverage: Double, omegaMax: Double, erf: Double, erfAverage: Double, budget: Double) {
        self.omegaAverage = omegaAverage
        self.omegaMax = omegaMax
        self.erf = erf
        self.erfAverage = erfAverage
        self.budget = budget
    }

    /// Relative slack for comparing Ω_max with Erf: both are sums of up to millions of rounded products, and in the
    /// equality cases of the theorem (all-positive weights) they agree up to rounding.
    public static let roundingSlack = 1e-9

    /// Ω_max > Erf: must never happen (Erf is a theorem); a bug in NeuroFail if it does.
    public var boundViolated: Bool { omegaMax > erf * (1 + Self.roundingSlack) + Double.leastNormalMagnitude }
    /// Ω_av > Erf_av: the paper's estimator falls below the measured average. Reported, never hidden.
    public var estimatorMissed: Bool { omegaAverage > erfAverage }
    /// Erf > budget: the bound no longer guarantees the mission's accuracy (predicted).
    public var erfOverBudget: Bool { erf > budget }
    /// Ω_av > budget: the chip's average error is beyond the budget (observed).
    public var omegaOverBudget: Bool { omegaAverage > budget }

    /// The verdicts as `;`-separated words for CSV (`bound-violation`, `estimator-miss`, `erf-over-budget`,
    /// `omega-over-budget`), empty when none applies.
    public var flags: String {
        var out = [String]()
        if boundViolated { out.append("bound-violation") }
        if estimatorMissed { out.append("estimator-miss") }
        if erfOverBudget { out.append("erf-over-budget") }
        if omegaOverBudget { out.append("omega-over-budget") }
        return out.joined(separator: ";")
    }
}

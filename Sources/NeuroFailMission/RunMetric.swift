/// A number the monitor records at every row of a run (Ω_av, a bound, a task metric), summarised over runs in
/// ``RunBands``: a name for files, a label for plots and how to read it from the run's state.
public struct RunMetric: Sendable {
    /// The column prefix in bands.csv (`<name>_p05`, `<name>_median`, `<name>_p95`), e.g. `omega_av`.
    public var name: String
    /// The name in plots and text, e.g. `Omega_av`.
    public var label: String
    /// The value at a row, or nil where the metric does not apply (such a run is left out of that checkpoint).
    public var value: @Sendable (TimelineRow) -> Double?

    public init(name: String, label: String, value: @escaping @Sendable (TimelineRow) -> Double?) {
        self.name = name
        self.label = label
        self.value = value
    }

    /// Ω_av: mean output deviation over the workload.
    public static let omegaAverage = RunMetric(name: "omega_av", label: "Omega_av") { $0.observation.omegaAverage }
    /// Ω_max: largest output deviation over the workload.
    public static let omegaMax = RunMetric(name: "omega_max", label: "Omega_max") { $0.observation.omegaMax }
    /// Erf: the paper's bound for the current failure counts.
    public static let erf = RunMetric(name: "erf", label: "Erf") { $0.observation.erf }
    /// Erf_av: the paper's estimator of Ω_av.
    public static let erfAverage = RunMetric(name: "erf_av", label: "Erf_av") { $0.observation.erfAverage }
    /// The fault-set bound for the failures that happened.
    public static let certifiedBound = RunMetric(name: "certified_bound", label: "certified bound") {
        $0.observation.certifiedBound
    }
    /// The fraction of workload decisions that differ from the pristine chip's.
    public static let decisionFlips = RunMetric(name: "decision_flips", label: "decision flips") {
        $0.observation.decisionFlips
    }
    /// The fault-set bound's guaranteed upper bound on the decision flips.
    public static let certifiedFlipBound = RunMetric(name: "certified_flip_bound", label: "certified flip bound") {
        $0.observation.certifiedFlipBound
    }
    /// The mean probability deviation.
    public static let probabilityDeviation = RunMetric(name: "probability_deviation", label: "probability deviation") {
        $0.observation.probabilityDeviation
    }
    /// The accuracy on the labelled workload (nil without labels).
    public static let accuracy = RunMetric(name: "accuracy", label: "accuracy") { $0.observation.accuracy }
    /// The metrics a mission report summarises, in the order of its columns.
    public static let standard: [RunMetric] = [
        .omegaAverage, .omegaMax, .erf, .erfAverage, .certifiedBound, .decisionFlips, .certifiedFlipBound,
        .probabilityDeviation, .accuracy,
    ]
}

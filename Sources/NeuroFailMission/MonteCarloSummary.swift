import Foundation

/// What many runs of one mission say together: reliability over time, the mission lifetime at a confidence level,
/// and the spare neurons a designer would need.
public struct MonteCarloSummary: Sendable {
    /// A point of the reliability curves.
    public struct ReliabilityPoint: Sendable, Hashable {
        /// Mission time in years.
        public var time: Double
        /// R_observed(t) = P(Ω_av ≤ budget at t): the fraction of runs whose measured average error is within budget.
        public var observed: Double
        /// R_predicted(t) = P(Erf ≤ budget at t): the fraction of runs whose bound guarantees the budget.
        public var predicted: Double
        /// The fraction of runs whose Erf_av estimate is within budget.
        public var estimated: Double
    }

    /// The number of runs.
    public let runs: Int
    /// The confidence level p of the lifetime and spare figures.
    public let confidence: Double
    /// The reliability curves at the checkpoint times.
    public let reliability: [ReliabilityPoint]
    /// Whether R_predicted(t) ≤ R_observed(t) at every t: the bound is conservative. Erf ≥ Ω_max ≥ Ω_av on every run
    /// makes this a consequence of the theorem; false would be a bug.
    public let predictionIsConservative: Bool
    /// The last time t such that a fraction ≥ p of runs have stayed within budget (Ω_av) over all of [0, t]:
    /// the mission lifetime at confidence p, observed. `nil` when it is the whole mission.
    public let observedLifetime: Double?
    /// The same with Erf: the lifetime the bound guarantees at confidence p. `nil` when it is the whole mission.
    public let predictedLifetime: Double?
    /// Per hidden layer: the spare neurons each layer needs (over-provisioning) to carry its minimum width through
    /// the mission at confidence p — per-layer quantiles over runs of the neurons lost by the end, chosen so that
    /// all layers are covered together in a fraction ≥ p of runs.
    public let spareNeurons: [Int]
    /// The fraction of runs in which every layer lost at most `spareNeurons`: at least p (the per-layer quantile
    /// level is raised above p until the joint coverage reaches p).
    public let spareCoverage: Double
    /// Total bound violations (Ω_max > Erf) over all runs: must be 0.
    public let boundViolations: Int
    /// Total estimator misses (Ω_av > Erf_av) over all runs.
    public let estimatorMisses: Int
    /// Runs in which the estimator missed at least once.
    public let runsWithEstimatorMisses: Int
    /// Mean number of failure events per run.
    public let meanFailures: Double
    /// Mean neurons lost per layer by the end.
    public let meanNeuronsLost: [Double]

    /// Summarises `runs` flown at `checkpoints`.
    public init(runs: [MissionRun], checkpoints: [Double], depth: Int, duration: Double, confidence: Double) {
        let n = max(1, runs.count)
        self.runs = runs.count
        self.confidence = confidence
        var points = [ReliabilityPoint]()
        var conservative = true
        for t in checkpoints {
            var obs = 0, pred = 0, est = 0
            for run in runs {
                guard let s = run.state(at: t) else { continue }
                if !s.observation.overBudget { obs += 1 }
                if !s.observation.erfOverBudget { pred += 1 }
                if s.observation.erfAverage <= s.observation.budget.limit { est += 1 }
            }
            let p = ReliabilityPoint(
                time: t, observed: Double(obs) / Double(n), predicted: Double(pred) / Double(n),
                estimated: Double(est) / Double(n))
            if p.predicted > p.observed { conservative = false }
            points.append(p)
        }
        reliability = points
        predictionIsConservative = conservative
        observedLifetime = Self.lifetime(runs.map(\.observedBudgetExceededAt), confidence: confidence)
        predictedLifetime = Self.lifetime(runs.map(\.predictedBudgetExceededAt), confidence: confidence)
        // Per-layer quantiles at level q, raised from p until the spares cover a fraction ≥ p of runs jointly
        // (marginal quantiles alone can cover fewer runs than p when layers lose neurons independently).
        let losses = (0..<depth).map { l in runs.map { $0.neuronsLost.count > l ? $0.neuronsLost[l] : 0 }.sorted() }
        func coverage(_ spares: [Int]) -> Double {
            Double(runs.filter { run in zip(run.neuronsLost, spares).allSatisfy { $0 <= $1 } }.count) / Double(n)
        }
        var level = confidence
        var spares = losses.map { Self.quantile($0, level) }
        while coverage(spares) < confidence, level < 1 {
            level = min(1, level + 1 / Double(n))
            spares = losses.map { Self.quantile($0, level) }
        }
        spareNeurons = spares
        spareCoverage = coverage(spares)
        boundViolations = runs.reduce(0) { $0 + $1.boundViolations }
        estimatorMisses = runs.reduce(0) { $0 + $1.estimatorMisses }
        runsWithEstimatorMisses = runs.filter { $0.estimatorMisses > 0 }.count
        meanFailures = Double(runs.reduce(0) { $0 + $1.failures.count }) / Double(n)
        meanNeuronsLost = (0..<depth).map { l in
            Double(runs.reduce(0) { $0 + ($1.neuronsLost.count > l ? $1.neuronsLost[l] : 0) }) / Double(n)
        }
    }

    /// The smallest value v of the sorted sample with P(X ≤ v) ≥ p (the empirical p-quantile, inverse CDF).
    static func quantile(_ sorted: [Int], _ p: Double) -> Int {
        guard !sorted.isEmpty else { return 0 }
        let k = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(k, 0), sorted.count - 1)]
    }

    /// The largest t with P(first exceedance > t) ≥ p, from per-run first-exceedance times (nil = never).
    /// Returns nil when at least a fraction p of runs never exceeds the budget.
    static func lifetime(_ exceedances: [Double?], confidence p: Double) -> Double? {
        let n = exceedances.count
        guard n > 0 else { return nil }
        let times = exceedances.compactMap { $0 }.sorted()
        // Runs allowed to have failed by t: at most (1 − p)·n.
        let allowed = Int((Double(n) * (1 - p) + 1e-9).rounded(.down))
        if times.count <= allowed { return nil }
        return times[allowed]
    }
}

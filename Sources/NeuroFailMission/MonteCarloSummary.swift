import Foundation

/// What many runs of one mission say together, in statements a reliability engineer can sign: reliability curves
/// R(t) with Clopper–Pearson intervals, B_p lives at confidence c, bands over runs, and the spare neurons that cover
/// a fraction p of missions at confidence c (Docs/statistics.md).
///
/// Every reliability statement is made for each ``BudgetCriterion`` the same way; every band for each ``RunMetric``.
public struct MonteCarloSummary: Sendable {
    /// The number of runs.
    public let runs: Int
    /// The mission's duration in years (a life of "at least the whole mission" means at least this).
    public let durationYears: Double
    /// The fraction p of missions the lives and spares cover, in (0, 1).
    public let reliability: Double
    /// The confidence level c of the intervals, lives and spares, in (0, 1).
    public let confidence: Double
    /// One reliability curve (with its life) per criterion, in the criteria's order.
    public let curves: [ReliabilityCurve]
    /// Median and 5 %/95 % quantiles over runs of each metric at each checkpoint.
    public let bands: RunBands
    /// Spare neurons per hidden layer for a fraction p of missions at confidence c.
    public let spares: SpareProvisioning
    /// Whether R_predicted(t) ≤ R_observed(t) at every checkpoint: the bound is conservative. Erf ≥ Ω_max ≥ Ω_av on
    /// every row makes each run's Erf leave the budget no later than its Ω_av, so false would be a bug.
    public let predictionIsConservative: Bool
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

    /// Summarises `runs` flown at `checkpoints` on a chip with hidden widths `widths`, for a fraction `reliability`
    /// of missions at confidence `confidence` (both in (0, 1)).
    public init(
        runs: [MissionRun], checkpoints: [Double], widths: [Int], durationYears: Double, reliability: Double,
        confidence: Double, criteria: [BudgetCriterion] = BudgetCriterion.standard,
        metrics: [RunMetric] = RunMetric.standard
    ) {
        let n = max(1, runs.count)
        let depth = widths.count
        self.runs = runs.count
        self.durationYears = durationYears
        self.reliability = reliability
        self.confidence = confidence
        curves = criteria.map {
            ReliabilityCurve(
                runs: runs, checkpoints: checkpoints, criterion: $0, reliability: reliability, confidence: confidence)
        }
        bands = RunBands(runs: runs, checkpoints: checkpoints, metrics: metrics)
        spares = SpareProvisioning(
            losses: runs.map(\.neuronsLost), widths: widths, reliability: reliability, confidence: confidence)
        let observed = curves.first { $0.criterion.name == BudgetCriterion.observed.name }
        let predicted = curves.first { $0.criterion.name == BudgetCriterion.predicted.name }
        if let observed, let predicted {
            predictionIsConservative = zip(predicted.points, observed.points).allSatisfy { $0.withinBudget <= $1.withinBudget }
        } else {
            predictionIsConservative = true
        }
        boundViolations = runs.reduce(0) { $0 + $1.boundViolations }
        estimatorMisses = runs.reduce(0) { $0 + $1.estimatorMisses }
        runsWithEstimatorMisses = runs.filter { $0.estimatorMisses > 0 }.count
        meanFailures = Double(runs.reduce(0) { $0 + $1.failures.count }) / Double(n)
        meanNeuronsLost = (0..<depth).map { l in
            Double(runs.reduce(0) { $0 + ($1.neuronsLost.count > l ? $1.neuronsLost[l] : 0) }) / Double(n)
        }
    }

    /// The curve of the criterion named `name`, if summarised.
    public func curve(_ name: String) -> ReliabilityCurve? { curves.first { $0.criterion.name == name } }

    /// The B_p name of the lives, e.g. `B1` for p = 0.99.
    public var lifeName: String { spares.bound.lifeName }
}

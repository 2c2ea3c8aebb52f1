/// R(t) for one ``BudgetCriterion``: the fraction of runs that have stayed within budget at every row over [0, t],
/// with its two-sided Clopper–Pearson interval at each checkpoint, and the B_p life the same runs support.
///
/// A run that leaves the budget has failed its mission at that moment, even if the criterion holds again later (a
/// crash can lower Ω): R(t) is the survival function of the first exceedance time, as a reliability engineer means it,
/// and the life is read from the same times.
public struct ReliabilityCurve: Sendable {
    /// R at one checkpoint.
    public struct Point: Sendable, Hashable {
        /// Mission time in years.
        public var time: Double
        /// Runs within budget over all of [0, time].
        public var withinBudget: Int
        /// All runs.
        public var runs: Int
        /// The two-sided Clopper–Pearson interval on R(time) at the curve's confidence level.
        public var interval: ClosedRange<Double>

        /// withinBudget / runs (1 with no runs).
        public var fraction: Double { runs > 0 ? Double(withinBudget) / Double(runs) : 1 }
    }

    /// The criterion judged.
    public let criterion: BudgetCriterion
    /// The confidence level of the intervals and the life.
    public let confidence: Double
    /// One point per checkpoint, in time order.
    public let points: [Point]
    /// Per run (in run order), the first time the criterion failed, or nil.
    public let firstExceedances: [Double?]
    /// The B_p life at the confidence level.
    public let life: ReliabilityLife

    /// The curve of `criterion` over `runs` at `checkpoints`, with reliability target p and confidence c.
    public init(
        runs: [MissionRun], checkpoints: [Double], criterion: BudgetCriterion, reliability p: Double, confidence c: Double
    ) {
        self.criterion = criterion
        confidence = c
        let exceedances = runs.map { criterion.firstExceedance($0) }
        firstExceedances = exceedances
        life = ReliabilityLife(firstExceedances: exceedances, reliability: p, confidence: c)
        // R is a step function, so many checkpoints share a count: each interval is inverted once.
        var intervals = [Int: ClosedRange<Double>]()
        points = checkpoints.map { t in
            let k = exceedances.filter { $0.map { $0 > t } ?? true }.count
            let interval = intervals[k] ?? BinomialConfidence.clopperPearson(successes: k, trials: runs.count, confidence: c)
            intervals[k] = interval
            return Point(time: t, withinBudget: k, runs: runs.count, interval: interval)
        }
    }

    /// The last point: R at the end of the mission.
    public var end: Point? { points.last }
}

/// A way of judging whether a mission is still within its budget at one moment: a predicate on the run's state
/// (its ``TimelineRow``) with a name for files and a description for people.
///
/// The reliability statistics (``ReliabilityCurve``, ``ReliabilityLife``) are computed for every criterion the same
/// way, so a new budget kind or bound is one more value here.
public struct BudgetCriterion: Sendable {
    /// The short name used in column names and JSON keys (`r_<name>` in reliability.csv), e.g. `observed`.
    public var name: String
    /// What the criterion tests, for people, e.g. `Omega_av <= budget`.
    public var description: String
    /// Whether the state of the run at a row is within budget.
    public var isWithinBudget: @Sendable (TimelineRow) -> Bool

    public init(name: String, description: String, isWithinBudget: @escaping @Sendable (TimelineRow) -> Bool) {
        self.name = name
        self.description = description
        self.isWithinBudget = isWithinBudget
    }

    /// The budget's measure as observed on the workload is within the limit.
    public static let observed = BudgetCriterion(name: "observed", description: "the measure on the workload <= budget") {
        !$0.observation.overBudget
    }
    /// The fault-set bound guarantees the budget (for every input of the box).
    public static let certified = BudgetCriterion(
        name: "certified", description: "the fault-set bound guarantees the budget"
    ) { !$0.observation.certifiedOverBudget }
    /// The paper's bound guarantees the budget.
    public static let predicted = BudgetCriterion(name: "predicted", description: "Erf guarantees the budget") {
        !$0.observation.erfOverBudget
    }
    /// The paper's estimator of Ω_av is within a score budget: Erf_av ≤ budget (not a guarantee; score budgets only).
    public static let estimated = BudgetCriterion(name: "estimated", description: "Erf_av <= budget") {
        $0.observation.erfAverage <= $0.observation.budget.limit
    }
    /// The criteria a mission report states, in the order of its columns.
    public static let standard: [BudgetCriterion] = [.observed, .certified, .predicted, .estimated]

    /// The criteria that apply to `budget`: Erf_av estimates a score deviation, so it is left out for task budgets.
    public static func standard(for budget: Budget) -> [BudgetCriterion] {
        budget.kind == .scoreDeviation ? standard : [.observed, .certified, .predicted]
    }

    /// The time of the first row of `run` outside this criterion, or nil if the run stayed within it all mission.
    ///
    /// When that row's measurement was taken after unmeasured changes (``MonitorSchedule/checkpoints``), the
    /// exceedance is dated at the first of them: the earliest moment it can have begun, so a life read from these
    /// times is never longer than the truth the checkpoints allow.
    public func firstExceedance(_ run: MissionRun) -> Double? {
        var firstUnmeasured: Double?
        for row in run.timeline {
            if !row.observed {
                if firstUnmeasured == nil { firstUnmeasured = row.time }
                continue
            }
            if !isWithinBudget(row) { return firstUnmeasured ?? row.time }
            firstUnmeasured = nil
        }
        return nil
    }
}

import NeuroFailCore

/// The history of one simulated mission: the failures that happened and the timeline the monitor recorded.
public struct MissionRun: Sendable, Hashable {
    /// The Monte Carlo index of this run (0-based); its random streams derive from (seed, run).
    public var run: Int
    /// The failures, in time order (replayable as a trace).
    public var failures: [FailureEvent]
    /// A row per checkpoint and per failure, in time order (at equal times, failures before the checkpoint).
    public var timeline: [TimelineRow]

    public init(run: Int, failures: [FailureEvent], timeline: [TimelineRow]) {
        self.run = run
        self.failures = failures
        self.timeline = timeline
    }

    /// Measured rows where Ω_max > Erf: must be zero.
    public var boundViolations: Int { timeline.filter { $0.observed && $0.observation.boundViolated }.count }
    /// Measured rows where Ω_max or the found deviation exceeds the fault-set bound: must be zero.
    public var certifiedViolations: Int { timeline.filter { $0.observed && $0.observation.certifiedViolated }.count }
    /// Measured rows where Ω_av > Erf_av: the paper's estimator below the measurement.
    public var estimatorMisses: Int { timeline.filter { $0.observed && $0.observation.estimatorMissed }.count }
    /// The first time Erf no longer guaranteed the budget (the paper's bound gives up), or nil.
    public var predictedBudgetExceededAt: Double? { BudgetCriterion.predicted.firstExceedance(self) }
    /// The first time the fault-set bound no longer guaranteed the budget, or nil.
    public var certifiedBudgetExceededAt: Double? { BudgetCriterion.certified.firstExceedance(self) }
    /// The first time the observed measure exceeded the budget, or nil.
    public var observedBudgetExceededAt: Double? { BudgetCriterion.observed.firstExceedance(self) }
    /// The state at the end of the mission.
    public var final: TimelineRow? { timeline.last }
    /// Neurons lost per hidden layer by the end.
    public var neuronsLost: [Int] { final?.neuronsFailed ?? [] }

    /// The row in force at time `t`: the last row at or before `t`.
    public func state(at t: Double) -> TimelineRow? {
        var lo = 0
        var hi = timeline.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if timeline[mid].time <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? timeline[lo - 1] : nil
    }
}

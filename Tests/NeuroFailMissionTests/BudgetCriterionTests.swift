import Testing

@testable import NeuroFailMission

struct BudgetCriterionTests {
    /// Ω_av leaves the budget of 1 at t = 2 and comes back at t = 3: the first exceedance is 2. Erf leaves it at 1.
    @Test func firstExceedanceIsTheFirstRowOutsideTheCriterion() {
        let run = MissionFixtures.handRun(0, [
            (0, 0, 0, [0, 0]), (1, 0.5, 1.5, [1, 0]), (2, 1.2, 3, [1, 1]), (3, 0.9, 3, [2, 1]),
        ])
        #expect(BudgetCriterion.observed.firstExceedance(run) == 2)
        #expect(BudgetCriterion.predicted.firstExceedance(run) == 1)
        // Erf_av = Erf / 2: 1.5 at t = 2.
        #expect(BudgetCriterion.estimated.firstExceedance(run) == 2)
        #expect(run.observedBudgetExceededAt == 2 && run.predictedBudgetExceededAt == 1)
        let custom = BudgetCriterion(name: "lost", description: "fewer than 2 neurons lost") { $0.neuronsFailed.reduce(0, +) < 2 }
        #expect(custom.firstExceedance(run) == 2)
        #expect(BudgetCriterion(name: "never", description: "") { _ in true }.firstExceedance(run) == nil)
    }

    /// Observed at checkpoints only: the rows of changes between two measurements carry the last measurement, so an
    /// exceedance measured at t = 2 after changes at 1.25 and 1.5 is dated 1.25 (the first change since the
    /// measurement at 1); changes followed by a measurement within budget start the count again.
    @Test func exceedanceAfterUnmeasuredChangesIsDatedAtTheFirstOfThem() {
        var run = MissionFixtures.handRun(0, [
            (0, 0, 0, [0, 0]), (0.5, 0, 0, [1, 0]), (1, 0.5, 0.5, [1, 0]), (1.25, 0.5, 0.5, [2, 0]),
            (1.5, 0.5, 0.5, [3, 0]), (2, 1.2, 3, [3, 0]),
        ])
        for i in [1, 3, 4] { run.timeline[i].observed = false }
        #expect(BudgetCriterion.observed.firstExceedance(run) == 1.25)
        #expect(BudgetCriterion.predicted.firstExceedance(run) == 1.25)
        // Measured everywhere, the same rows give the measured time.
        for i in run.timeline.indices { run.timeline[i].observed = true }
        #expect(BudgetCriterion.observed.firstExceedance(run) == 2)
    }

    @Test func standardCriteriaAreObservedCertifiedPredictedEstimatedInOrder() {
        #expect(BudgetCriterion.standard.map(\.name) == ["observed", "certified", "predicted", "estimated"])
        #expect(BudgetCriterion.standard(for: Budget(.decisionFlips, limit: 0.01)).map(\.name) == ["observed", "certified", "predicted"])
    }
}

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

    @Test func standardCriteriaAreObservedCertifiedPredictedEstimatedInOrder() {
        #expect(BudgetCriterion.standard.map(\.name) == ["observed", "certified", "predicted", "estimated"])
        #expect(BudgetCriterion.standard(for: Budget(.decisionFlips, limit: 0.01)).map(\.name) == ["observed", "certified", "predicted"])
    }
}

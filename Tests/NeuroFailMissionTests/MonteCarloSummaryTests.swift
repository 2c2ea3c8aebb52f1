import Testing

@testable import NeuroFailMission

struct MonteCarloSummaryTests {
    @Test func predictionIsConservativeOnAFlownMission() throws {
        let scenario = try MissionFixtures.scenario(runs: 8)
        let runner = try MissionRunner(scenario: scenario)
        let runs = runner.flyAll(runs: 0..<8)
        let summary = MonteCarloSummary(
            runs: runs, checkpoints: runner.checkpoints, widths: scenario.chip.widths, durationYears: 5,
            reliability: 0.5, confidence: 0.9)
        #expect(summary.predictionIsConservative)
        let observed = try #require(summary.curve("observed"))
        let predicted = try #require(summary.curve("predicted"))
        #expect(observed.points.count == runner.checkpoints.count)
        #expect(observed.points.first?.fraction == 1 && predicted.points.first?.fraction == 1)
        for (p, o) in zip(predicted.points, observed.points) { #expect(p.withinBudget <= o.withinBudget) }
        // Every run's first exceedance, by criterion, is what the run itself reports.
        #expect(observed.firstExceedances == runs.map(\.observedBudgetExceededAt))
        #expect(predicted.firstExceedances == runs.map(\.predictedBudgetExceededAt))
        // Lives and spares are stated from the same runs at the same (p, c): 8 runs at (0.5, 0.9) give
        // r = 2 (P(Bin(8, 1/2) ≥ 2) = 247/256 ≥ 0.9 > P(≥ 3) = 219/256).
        #expect(summary.spares.bound.rank == 2 && observed.life.bound.rank == 2)
        let spares = try #require(summary.spares.perLayer)
        let covered = runs.filter { zip($0.neuronsLost, spares).allSatisfy { $0 <= $1 } }.count
        #expect(summary.spares.observedCoverage == Double(covered) / 8)
        #expect(covered >= 8 - 2 + 1)
        #expect(summary.meanFailures == Double(runs.reduce(0) { $0 + $1.failures.count }) / 8)
        #expect(summary.bands.bands.count == RunMetric.standard.count)
        #expect(summary.lifeName == "B50")
    }

    /// Criteria and metrics are parameters: a summary with a criterion of its own states its curve and life.
    @Test func criteriaAndMetricsArePluggable() throws {
        let runs = (0..<4).map { i in MissionFixtures.handRun(i, [(0, 0, 0, [0]), (1, 0, 0, [i])]) }
        let fewLost = BudgetCriterion(name: "few_lost", description: "at most 1 neuron lost") { $0.neuronsFailed[0] <= 1 }
        let lost = RunMetric(name: "lost", label: "lost") { Double($0.neuronsFailed[0]) }
        let summary = MonteCarloSummary(
            runs: runs, checkpoints: [0, 1], widths: [4], durationYears: 1, reliability: 0.5, confidence: 0.5,
            criteria: [fewLost], metrics: [lost])
        #expect(summary.curves.map(\.criterion.name) == ["few_lost"])
        #expect(try #require(summary.curve("few_lost")).points.map(\.withinBudget) == [4, 2])
        #expect(summary.curve("few_lost")?.life.value == .years(1))
        #expect(summary.bands.bands[0][1]?.median == 1.5)
        // Without the observed and predicted curves there is nothing to compare.
        #expect(summary.predictionIsConservative)
    }
}

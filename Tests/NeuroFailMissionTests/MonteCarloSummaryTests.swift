import Testing

@testable import NeuroFailMission

struct MonteCarloSummaryTests {
    @Test func quantileIsTheInverseEmpiricalCDF() {
        #expect(MonteCarloSummary.quantile([1, 2, 3, 4], 0.5) == 2)
        #expect(MonteCarloSummary.quantile([1, 2, 3, 4], 0.51) == 3)
        #expect(MonteCarloSummary.quantile([1, 2, 3, 4], 0.99) == 4)
        #expect(MonteCarloSummary.quantile([], 0.9) == 0)
    }

    /// Four runs exceed the budget at 1, 2, never, never. At p = 0.5 two runs may fail: still half survive the
    /// whole mission (nil). At p = 0.75 one may fail: the second failure, at 2, ends the lifetime.
    @Test func lifetimeIsTheTimeUntilTooManyRunsHaveLeftTheBudget() {
        #expect(MonteCarloSummary.lifetime([1, 2, nil, nil], confidence: 0.5) == nil)
        #expect(MonteCarloSummary.lifetime([1, 2, nil, nil], confidence: 0.75) == 2)
        #expect(MonteCarloSummary.lifetime([3, 1, 2, nil], confidence: 0.99) == 1)
    }

    @Test func predictionIsConservativeOnAFlownMission() throws {
        let scenario = try MissionFixtures.scenario(runs: 8)
        let runner = try MissionRunner(scenario: scenario)
        let runs = try runner.flyAll(runs: 0..<8)
        let summary = MonteCarloSummary(
            runs: runs, checkpoints: runner.checkpoints, depth: 2, duration: 5, confidence: 0.9)
        #expect(summary.predictionIsConservative)
        #expect(summary.reliability.count == runner.checkpoints.count)
        #expect(summary.reliability.first?.observed == 1 && summary.reliability.first?.predicted == 1)
        for p in summary.reliability { #expect(p.predicted <= p.observed) }
        // Spare neurons cover every layer's losses together in at least the confidence level of runs.
        #expect(summary.spareCoverage >= 0.9)
        let covered = runs.filter { zip($0.neuronsLost, summary.spareNeurons).allSatisfy { $0 <= $1 } }.count
        #expect(Double(covered) / 8 == summary.spareCoverage)
        let expectedMean = Double(runs.reduce(0) { $0 + $1.failures.count }) / 8
        #expect(summary.meanFailures == expectedMean)
    }
}

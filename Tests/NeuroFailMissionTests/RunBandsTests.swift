import Testing

@testable import NeuroFailMission

struct RunBandsTests {
    /// Definition 7 by hand: for 1…5, h = 4α; α = 0.05 gives h = 0.2, 1 + 0.2·1 = 1.2; α = 0.95 gives h = 3.8,
    /// 4 + 0.8 = 4.8; the median is 3. For 1…4 the median is 2.5.
    @Test func quantilesInterpolateBetweenOrderStatistics() {
        #expect(abs(RunBands.quantile([1, 2, 3, 4, 5], 0.05) - 1.2) < 1e-12)
        #expect(abs(RunBands.quantile([1, 2, 3, 4, 5], 0.95) - 4.8) < 1e-12)
        #expect(RunBands.quantile([1, 2, 3, 4, 5], 0.5) == 3)
        #expect(RunBands.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(RunBands.quantile([7], 0.05) == 7)
        #expect(RunBands.quantile([1, 2], 0) == 1 && RunBands.quantile([1, 2], 1) == 2)
        // Equal neighbours give their value, even infinite ones (no ∞ − ∞).
        #expect(RunBands.quantile([1, .infinity, .infinity], 0.9) == .infinity)
    }

    /// Five runs with Ω_av 0.1…0.5 at t = 1: the bands are 0.12, 0.3, 0.48; every run reads the state in force.
    @Test func bandsAreQuantilesOverRunsAtEachCheckpoint() throws {
        let runs = (1...5).map { i in
            MissionFixtures.handRun(i, [(0, 0, 0, [0]), (0.5, Double(i) / 10, Double(i), [1])])
        }
        let bands = RunBands(runs: runs, checkpoints: [0, 1], metrics: [.omegaAverage, .erf])
        let start = try #require(bands.bands[0][0])
        #expect(start.low == 0 && start.median == 0 && start.high == 0 && start.runs == 5)
        let omega = try #require(bands.bands[0][1])
        #expect(abs(omega.low - 0.12) < 1e-12 && abs(omega.median - 0.3) < 1e-12 && abs(omega.high - 0.48) < 1e-12)
        let erf = try #require(bands.bands[1][1])
        #expect(abs(erf.low - 1.2) < 1e-12 && erf.median == 3 && abs(erf.high - 4.8) < 1e-12)
    }

    /// A metric that applies to some runs only is summarised over those; where none has it, there is no band.
    @Test func metricsThatDoNotApplyLeaveRunsOut() throws {
        let runs = (1...4).map { i in MissionFixtures.handRun(i, [(0, 0, Double(i), [i])]) }
        let odd = RunMetric(name: "odd", label: "odd") { $0.neuronsFailed[0] % 2 == 1 ? $0.observation.erf : nil }
        let none = RunMetric(name: "none", label: "none") { _ in nil }
        let bands = RunBands(runs: runs, checkpoints: [0], metrics: [odd, none])
        let band = try #require(bands.bands[0][0])
        #expect(abs(band.low - 1.1) < 1e-12 && band.median == 2 && abs(band.high - 2.9) < 1e-12 && band.runs == 2)
        #expect(bands.bands[1][0] == nil)
    }
}

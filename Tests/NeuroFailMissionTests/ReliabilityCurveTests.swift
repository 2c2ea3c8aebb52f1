import Testing

@testable import NeuroFailMission

struct ReliabilityCurveTests {
    /// Four runs leave the budget (Ω_av > 1) at 1, 2, never, and at 1 only briefly (back within it at 2): R counts a
    /// run as surviving only while it has never left, so R = 1, 1/2, 1/4, 1/4 at t = 0, 1, 2, 3.
    @Test func reliabilityIsTheFractionThatNeverLeftTheBudget() {
        let runs = [
            MissionFixtures.handRun(0, [(0, 0, 0, [0]), (1, 2, 2, [1]), (2, 2, 2, [1]), (3, 2, 2, [1])]),
            MissionFixtures.handRun(1, [(0, 0, 0, [0]), (1, 0.5, 2, [1]), (2, 2, 2, [1]), (3, 2, 2, [1])]),
            MissionFixtures.handRun(2, [(0, 0, 0, [0]), (1, 0.5, 2, [1]), (2, 0.5, 2, [1]), (3, 0.5, 2, [1])]),
            MissionFixtures.handRun(3, [(0, 0, 0, [0]), (1, 2, 2, [1]), (2, 0.5, 2, [1]), (3, 0.5, 2, [1])]),
        ]
        let curve = ReliabilityCurve(
            runs: runs, checkpoints: [0, 1, 2, 3], criterion: .observed, reliability: 0.5, confidence: 0.95)
        #expect(curve.points.map(\.withinBudget) == [4, 2, 1, 1])
        #expect(curve.points.map(\.fraction) == [1, 0.5, 0.25, 0.25])
        #expect(curve.firstExceedances == [1, 2, nil, 1])
        for p in curve.points {
            #expect(p.interval == BinomialConfidence.clopperPearson(successes: p.withinBudget, trials: 4, confidence: 0.95))
            #expect(p.interval.contains(p.fraction))
        }
        // n = 4, p = 0.5, c = 0.95: 1 − 0.5^4 = 0.9375 < 0.95, so no life can be stated (needs 5 runs).
        #expect(curve.life.value == .notSupported(runsNeeded: 5))
        #expect(curve.end?.time == 3)
    }

    /// Between checkpoints the state in force counts: a run leaving at 1.5 is out from checkpoint 2 on.
    @Test func exceedanceBetweenCheckpointsCountsFromTheNextCheckpoint() {
        let run = MissionFixtures.handRun(0, [(0, 0, 0, [0]), (1, 0.5, 0.5, [0]), (1.5, 1.5, 1.5, [1]), (2, 1.5, 1.5, [1])])
        let curve = ReliabilityCurve(runs: [run], checkpoints: [0, 1, 2], criterion: .predicted, reliability: 0.9, confidence: 0.9)
        #expect(curve.points.map(\.withinBudget) == [1, 1, 0])
    }
}

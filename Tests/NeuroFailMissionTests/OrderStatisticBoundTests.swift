import Foundation
import Testing

@testable import NeuroFailMission

struct OrderStatisticBoundTests {
    /// The zero-failure demonstration: 1 − 0.99^n ≥ 0.95 first at n = 299 (0.99^298 = 0.0500, 0.99^299 = 0.0495);
    /// 1 − 0.9^n ≥ 0.9 first at n = 22 (0.9^21 = 0.109, 0.9^22 = 0.098).
    @Test func runsNeededIsTheSmallestZeroFailureDemonstration() {
        #expect(OrderStatisticBound.runsNeeded(reliability: 0.99, confidence: 0.95) == 299)
        #expect(OrderStatisticBound.runsNeeded(reliability: 0.9, confidence: 0.9) == 22)
        #expect(OrderStatisticBound.runsNeeded(reliability: 0.5, confidence: 0.5) == 1)
        #expect(OrderStatisticBound.runsNeeded(reliability: 0.999, confidence: 0.95) == 2995)
        #expect(OrderStatisticBound(runs: 298, reliability: 0.99, confidence: 0.95).rank == nil)
        #expect(OrderStatisticBound(runs: 299, reliability: 0.99, confidence: 0.95).rank == 1)
        #expect(OrderStatisticBound(runs: 21, reliability: 0.9, confidence: 0.9).rank == nil)
        #expect(OrderStatisticBound(runs: 22, reliability: 0.9, confidence: 0.9).rank == 1)
    }

    /// n = 4, p = c = 1/2: P(Bin(4, 1/2) ≥ 2) = 11/16 ≥ 1/2 > P(≥ 3) = 5/16, so r = 2. n = 299 at (0.99, 0.95):
    /// P(≥ 2) = 1 − 0.99^299 − 299·0.01·0.99^298 = 0.80 < 0.95, so r = 1.
    @Test func rankIsTheLargestWithEnoughBinomialProbability() {
        #expect(OrderStatisticBound(runs: 4, reliability: 0.5, confidence: 0.5).rank == 2)
        #expect(OrderStatisticBound(runs: 299, reliability: 0.99, confidence: 0.95).rank == 1)
        // Every other case against a scan of the term-by-term binomial tail.
        for (n, p, c) in [(50, 0.9, 0.9), (100, 0.8, 0.95), (1_000, 0.99, 0.95), (500, 0.95, 0.99), (30, 0.5, 0.95)] {
            let pmf = TestSupport.binomialPMF(trials: n, probability: 1 - p)
            let expected = (1...n).last { r in pmf[r...].reduce(0, +) >= c }
            let bound = OrderStatisticBound(runs: n, reliability: p, confidence: c)
            #expect(bound.rank == expected, "n \(n) p \(p) c \(c)")
            if let r = bound.rank, let achieved = bound.achievedConfidence {
                #expect(abs(achieved - pmf[r...].reduce(0, +)) < 1e-9)
            }
        }
    }

    @Test func lifeNamesFollowTheFractionFailed() {
        #expect(OrderStatisticBound(runs: 10, reliability: 0.99, confidence: 0.95).lifeName == "B1")
        #expect(OrderStatisticBound(runs: 10, reliability: 0.9, confidence: 0.95).lifeName == "B10")
        #expect(OrderStatisticBound(runs: 10, reliability: 0.999, confidence: 0.95).lifeName == "B0.1")
    }
}

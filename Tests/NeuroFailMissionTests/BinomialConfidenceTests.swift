import Foundation
import Testing

@testable import NeuroFailMission

struct BinomialConfidenceTests {
    /// k = 0: P(X ≤ 0) = (1 − π)^n, so the upper bound is 1 − (1 − c)^(1/n) one-sided and 1 − ((1 − c)/2)^(1/n)
    /// two-sided; the lower bound is 0.
    @Test func zeroSuccessesGiveTheClosedFormUpperBound() {
        for n in [1, 2, 10, 299, 10_000] {
            for c in [0.5, 0.9, 0.95, 0.99] {
                let oneSided = BinomialConfidence.clopperPearsonUpper(successes: 0, trials: n, confidence: c)
                #expect(abs(oneSided - (1 - pow(1 - c, 1 / Double(n)))) < 1e-14)
                let twoSided = BinomialConfidence.clopperPearson(successes: 0, trials: n, confidence: c)
                #expect(twoSided.lowerBound == 0)
                #expect(abs(twoSided.upperBound - (1 - pow((1 - c) / 2, 1 / Double(n)))) < 1e-14)
                #expect(BinomialConfidence.clopperPearsonLower(successes: 0, trials: n, confidence: c) == 0)
            }
        }
        // The zero-failure demonstration: 299 successes in 299 runs show π ≥ 0.99 at 95 %, 298 do not.
        #expect(BinomialConfidence.clopperPearsonLower(successes: 299, trials: 299, confidence: 0.95) >= 0.99)
        #expect(BinomialConfidence.clopperPearsonLower(successes: 298, trials: 298, confidence: 0.95) < 0.99)
    }

    /// k = n: P(X ≥ n) = π^n, so the lower bound is (1 − c)^(1/n) one-sided, ((1 − c)/2)^(1/n) two-sided; upper 1.
    @Test func allSuccessesGiveTheClosedFormLowerBound() {
        for n in [1, 3, 50, 1_000] {
            for c in [0.8, 0.95] {
                #expect(abs(BinomialConfidence.clopperPearsonLower(successes: n, trials: n, confidence: c) - pow(1 - c, 1 / Double(n))) < 1e-14)
                let interval = BinomialConfidence.clopperPearson(successes: n, trials: n, confidence: c)
                #expect(abs(interval.lowerBound - pow((1 - c) / 2, 1 / Double(n))) < 1e-14)
                #expect(interval.upperBound == 1)
            }
        }
    }

    /// Interior k: the bounds solve their defining equations, checked by summing binomial terms here:
    /// P(X ≥ k | lower) = P(X ≤ k | upper) = (1 − c)/2 two-sided, and 1 − c one-sided.
    @Test func interiorBoundsSolveTheirTailEquations() {
        for (k, n) in [(1, 10), (5, 10), (9, 10), (3, 100), (97, 100), (150, 299)] {
            for c in [0.9, 0.95] {
                let interval = BinomialConfidence.clopperPearson(successes: k, trials: n, confidence: c)
                let atLeast = TestSupport.binomialAtLeast(k, trials: n, probability: interval.lowerBound)
                let atMost = 1 - TestSupport.binomialAtLeast(k + 1, trials: n, probability: interval.upperBound)
                #expect(abs(atLeast - (1 - c) / 2) < 1e-9, "k \(k) n \(n) lower")
                #expect(abs(atMost - (1 - c) / 2) < 1e-9, "k \(k) n \(n) upper")
                let lower = BinomialConfidence.clopperPearsonLower(successes: k, trials: n, confidence: c)
                #expect(abs(TestSupport.binomialAtLeast(k, trials: n, probability: lower) - (1 - c)) < 1e-9)
                let upper = BinomialConfidence.clopperPearsonUpper(successes: k, trials: n, confidence: c)
                #expect(abs(1 - TestSupport.binomialAtLeast(k + 1, trials: n, probability: upper) - (1 - c)) < 1e-9)
                #expect(interval.lowerBound < lower && lower < Double(k) / Double(n) && Double(k) / Double(n) < upper)
                #expect(upper < interval.upperBound)
            }
        }
        // The classical table value: 5 of 10 at 95 % is [0.1871, 0.8129].
        let half = BinomialConfidence.clopperPearson(successes: 5, trials: 10, confidence: 0.95)
        #expect(abs(half.lowerBound - 0.18709) < 1e-5 && abs(half.upperBound - 0.81291) < 1e-5)
    }

    @Test func tailsAreExactSumsAndClampOutsideTheSupport() {
        #expect(abs(BinomialConfidence.probabilityOfAtLeast(2, trials: 4, probability: 0.5) - 11.0 / 16) < 1e-15)
        #expect(abs(BinomialConfidence.probabilityOfAtMost(1, trials: 4, probability: 0.5) - 5.0 / 16) < 1e-15)
        #expect(BinomialConfidence.probabilityOfAtLeast(0, trials: 4, probability: 0.3) == 1)
        #expect(BinomialConfidence.probabilityOfAtLeast(5, trials: 4, probability: 0.3) == 0)
        #expect(BinomialConfidence.probabilityOfAtMost(4, trials: 4, probability: 0.3) == 1)
        #expect(BinomialConfidence.probabilityOfAtMost(-1, trials: 4, probability: 0.3) == 0)
    }

    /// The Wilson bounds are the roots of (k/n − π)² = z² π (1 − π)/n; for k = 0 the upper one is z²/(n + z²).
    @Test func wilsonBoundsAreTheRootsOfTheScoreEquation() {
        let z = 1.959963984540054
        #expect(abs(BinomialConfidence.normalUpperQuantile(0.025) - z) < 1e-12)
        #expect(abs(BinomialConfidence.normalUpperQuantile(0.05) - 1.6448536269514722) < 1e-12)
        for (k, n) in [(1, 10), (5, 10), (30, 100), (99, 100)] {
            let interval = BinomialConfidence.wilson(successes: k, trials: n, confidence: 0.95)
            let phat = Double(k) / Double(n)
            for pi in [interval.lowerBound, interval.upperBound] {
                #expect(abs((phat - pi) * (phat - pi) - z * z * pi * (1 - pi) / Double(n)) < 1e-12, "k \(k) n \(n)")
            }
        }
        let zero = BinomialConfidence.wilson(successes: 0, trials: 10, confidence: 0.95)
        #expect(zero.lowerBound == 0 && abs(zero.upperBound - z * z / (10 + z * z)) < 1e-12)
        #expect(BinomialConfidence.wilson(successes: 10, trials: 10, confidence: 0.95).upperBound == 1)
    }

    @Test func noTrialsMeanNothingIsKnown() {
        #expect(BinomialConfidence.clopperPearson(successes: 0, trials: 0, confidence: 0.95) == 0...1)
        #expect(BinomialConfidence.wilson(successes: 0, trials: 0, confidence: 0.95) == 0...1)
    }
}

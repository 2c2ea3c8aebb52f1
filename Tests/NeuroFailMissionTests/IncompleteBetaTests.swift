import Foundation
import Testing

@testable import NeuroFailMission

struct IncompleteBetaTests {
    /// I_x(1, b) = 1 − (1 − x)^b and I_x(a, 1) = x^a: the closed forms at the edges (the first written with expm1
    /// and log1p so that the reference itself keeps its precision for small x).
    @Test func matchesTheClosedFormsWithAOrBEqualToOne() {
        for x in [1e-9, 0.01, 0.3, 0.5, 0.77, 0.999] {
            for e in [1.0, 2, 7, 40, 500] {
                let one = IncompleteBeta.regularized(x: x, a: 1, b: e)
                let reference = -expm1(e * log1p(-x))
                #expect(abs(one - reference) <= 1e-12 * reference, "x \(x) b \(e)")
                let other = IncompleteBeta.regularized(x: x, a: e, b: 1)
                #expect(abs(other - pow(x, e)) <= 1e-11 * pow(x, e) + 1e-300, "x \(x) a \(e)")
            }
        }
    }

    /// P(X ≥ k) = I_p(k, n − k + 1) for X ~ Binomial(n, p), against the term-by-term sum, including far tails, where
    /// the value must keep its relative precision.
    @Test func givesBinomialTailsToRelativePrecision() {
        for (n, p) in [(10, 0.5), (50, 0.03), (200, 0.4), (400, 0.99)] {
            let pmf = TestSupport.binomialPMF(trials: n, probability: p)
            for k in 1...n {
                let exact = pmf[k...].reduce(0, +)
                guard exact > 1e-280 else { continue }
                let tail = IncompleteBeta.regularized(x: p, a: Double(k), b: Double(n - k + 1))
                #expect(abs(tail - exact) <= 1e-9 * exact, "n \(n) p \(p) k \(k): \(tail) vs \(exact)")
                let below = pmf[..<k].reduce(0, +)
                let complement = IncompleteBeta.complement(x: p, a: Double(k), b: Double(n - k + 1))
                #expect(abs(complement - below) <= 1e-9 * below + 1e-300, "complement n \(n) p \(p) k \(k)")
            }
        }
    }

    /// With tens of thousands of trials the continued fraction needs more than the textbook's 100 terms: the median
    /// of Binomial(40 000, 1/2) still splits the mass in half.
    @Test func convergesForLargeArguments() {
        let n = 40_000.0
        // P(X ≥ n/2) = 1/2 + P(X = n/2)/2 by symmetry, and P(X = n/2) ≈ √(2/(π n)) (Stirling).
        let tail = IncompleteBeta.regularized(x: 0.5, a: n / 2, b: n / 2 + 1)
        let expected = 0.5 + (2 / (Double.pi * n)).squareRoot() / 2
        #expect(abs(tail - expected) < 1e-6)
    }

    @Test func isZeroAndOneOutsideTheUnitInterval() {
        #expect(IncompleteBeta.regularized(x: 0, a: 3, b: 4) == 0)
        #expect(IncompleteBeta.regularized(x: -1, a: 3, b: 4) == 0)
        #expect(IncompleteBeta.regularized(x: 1, a: 3, b: 4) == 1)
        #expect(IncompleteBeta.complement(x: 0, a: 3, b: 4) == 1)
        #expect(IncompleteBeta.complement(x: 1, a: 3, b: 4) == 0)
    }
}

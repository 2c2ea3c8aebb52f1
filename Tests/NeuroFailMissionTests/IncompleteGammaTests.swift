import Foundation
import Testing

@testable import NeuroFailMission

struct IncompleteGammaTests {
    /// P(1, x) = 1 − e^(−x): the exponential distribution, on both sides of the series / continued-fraction switch.
    @Test func matchesTheExponentialDistributionForAOne() {
        for x in [1e-8, 0.1, 1, 1.99, 2.01, 7, 40] {
            #expect(abs(IncompleteGamma.lower(a: 1, x: x) - -expm1(-x)) <= 1e-14 * -expm1(-x), "x \(x)")
            #expect(abs(IncompleteGamma.upper(a: 1, x: x) - exp(-x)) <= 1e-13 * exp(-x), "x \(x)")
        }
    }

    /// Q(f + 1, μ) = P(Poisson(μ) ≤ f), against the term-by-term sum, far tails to relative precision.
    @Test func givesPoissonTailsToRelativePrecision() {
        for mu in [0.01, 0.7, 3, 12.5, 60, 300] {
            var term = exp(-mu), cumulative = 0.0
            for f in 0...200 {
                if f > 0 { term *= mu / Double(f) }
                cumulative += term
                guard cumulative < 1 - 1e-12, cumulative > 1e-280 else { continue }
                let q = IncompleteGamma.upper(a: Double(f + 1), x: mu)
                #expect(abs(q - cumulative) <= 1e-10 * cumulative, "mu \(mu) f \(f): \(q) vs \(cumulative)")
                // The other side, P(N > f), summed as its own terms so that a small value keeps its digits.
                var above = 0.0, next = term, j = f
                repeat {
                    j += 1
                    next *= mu / Double(j)
                    above += next
                } while next > above * 1e-18
                let p = IncompleteGamma.lower(a: Double(f + 1), x: mu)
                #expect(abs(p - above) <= 1e-10 * above, "lower mu \(mu) f \(f): \(p) vs \(above)")
            }
        }
    }

    /// P(1/2, x) = erf(√x): a half-integer a, the χ²(1) case.
    @Test func matchesTheErrorFunctionForAHalf() {
        for x in [1e-6, 0.3, 1.2, 1.6, 5, 20] {
            #expect(abs(IncompleteGamma.lower(a: 0.5, x: x) - erf(x.squareRoot())) <= 1e-13, "x \(x)")
            #expect(abs(IncompleteGamma.upper(a: 0.5, x: x) - erfc(x.squareRoot())) <= 1e-12 * erfc(x.squareRoot()), "x \(x)")
        }
    }

    /// Outside the domain: 0 and 1 at the ends, no NaN for a bad a.
    @Test func isZeroOrOneOutsideItsDomain() {
        #expect(IncompleteGamma.lower(a: 2, x: 0) == 0)
        #expect(IncompleteGamma.upper(a: 2, x: -1) == 1)
        #expect(IncompleteGamma.lower(a: 2, x: .infinity) == 1)
        #expect(IncompleteGamma.lower(a: -1, x: 1) == 0)
        #expect(IncompleteGamma.upper(a: .nan, x: 1) == 1)
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The Float64 error bounds every rigorous step rests on (Higham §2.2, Lemma 3.1).
struct RoundingErrorTests {
    @Test func unitRoundoffIsTwoToTheMinus53() {
        #expect(RoundingError.unit == 0x1p-53)
        #expect(1 + RoundingError.unit == 1, "ties to even: 1 + u rounds back to 1")
        #expect(1 + 2 * RoundingError.unit > 1)
    }

    #if arch(x86_64) || arch(i386)
    /// γ_n = nu / (1 − nu) rounded up: never below the exact value (computed in extended precision).
    @Test func gammaIsNeverBelowItsDefinition() {
        for n in [1, 2, 3, 10, 197, 1_000, 123_457, 1 << 30] {
            let nu = Float80(n) * Float80(RoundingError.unit)
            #expect(Float80(RoundingError.gamma(n)) >= nu / (1 - nu), "n = \(n)")
            #expect(RoundingError.gamma(n) <= Double(n) * RoundingError.unit * (1 + 1e-6), "and barely above nu")
        }
    }

    /// Float64 sums of random products in three orders (forward, backward, pairwise) are within ``ofSum`` of the
    /// extended-precision sum, including sums with heavy cancellation and subnormal terms.
    @Test func ofSumBoundsTheErrorOfASumInAnyOrder() {
        var rng = Xoshiro256(seed: 48)
        var largest = 0.0
        for trial in 0..<3_000 {
            let n = 1 + rng.nextIndex(200)
            let tiny = trial % 10 == 0
            let terms = (0..<n).map { _ in
                let a = rng.nextNormal() * (tiny ? Double.leastNormalMagnitude / 64 : pow(10, 8 * rng.nextUnit() - 4)), b = rng.nextNormal()
                return a * b
            }
            var exact: Float80 = 0
            for t in terms { exact += Float80(t) }
            let absolute = terms.reduce(0) { $0 + abs($1) }
            let bound = RoundingError.ofSum(terms: n, absoluteSum: absolute)
            func pairwise(_ xs: ArraySlice<Double>) -> Double {
                xs.count <= 2 ? xs.reduce(0, +) : pairwise(xs.prefix(xs.count / 2)) + pairwise(xs.suffix(xs.count - xs.count / 2))
            }
            for sum in [terms.reduce(0, +), terms.reversed().reduce(0, +), pairwise(terms[...])] {
                let error = abs(Float80(sum) - exact)
                // The extended sum's own error: n·2⁻⁶⁴·Σ|terms|, 2,048 times below the bound.
                #expect(error <= Float80(bound) + Float80(n) * extendedUnit * Float80(absolute), "n = \(n)")
                if bound > 0 { largest = max(largest, Double(error) / bound) }
            }
        }
        #expect(largest > 1e-4, "the sums do round: largest error / bound \(largest)")
    }
    #endif

    @Test func belowAndAboveMoveOutwardByTheErrorAndOneUlp() {
        #expect(RoundingError.above(1, by: 0) == 1.nextUp)
        #expect(RoundingError.below(1, by: 0) == 1.nextDown)
        #expect(RoundingError.above(2, by: 0.5) == 2.5.nextUp)
        #expect(RoundingError.below(-2, by: 0.5) == (-2.5).nextDown)
        #expect(RoundingError.above(0, by: 0) > 0 && RoundingError.below(0, by: 0) < 0)
    }
}

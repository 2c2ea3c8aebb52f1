import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The norms, the rounding allowance and the decision-flip test of a bound, on bounds written by hand.
struct DeviationBoundTests {
    /// Two outputs: F₀ − F̂₀ ∈ [−1, 2], F₁ − F̂₁ ∈ [−3, 0.5]; magnitudes (2, 3).
    private func bound(allowance: [Double] = [0, 0], pairwise: [Double] = [0, 0.5, 0.25, 0]) -> DeviationBound {
        DeviationBound(
            method: .linearRelaxation, lower: [-1, -3], upper: [2, 0.5], pairwise: pairwise, roundingAllowance: allowance,
            domain: "hand", suggestedInputs: [])
    }

    /// L∞ 3 = max(2, 3); L¹ 5 = 2 + 3 and L² √13, each rounded up by at most a few ulps.
    @Test func normsOfTheMagnitudesAreMaxSumAndRootSumOfSquares() {
        let b = bound()
        #expect(b.value(.linf) == 3)
        #expect(b.value(.l1) >= 5 && b.value(.l1) <= 5 * (1 + 1e-14))
        #expect(b.value(.l2) >= 13.0.squareRoot() && b.value(.l2) <= 13.0.squareRoot() * (1 + 1e-14))
        #expect(!b.overflowed)
    }

    /// The allowance is the norm of the per-output allowances plus γ_(M+2) of the value (the norm's own rounding).
    @Test func allowanceIsTheNormOfThePerOutputAllowancesPlusTheNormsRounding() {
        let b = bound(allowance: [1e-10, 2e-10])
        let gamma = 4 * RoundingError.unit / (1 - 4 * RoundingError.unit)
        #expect(abs(b.allowance(.linf) - (2e-10 + gamma * 3)) <= 1e-24)
        #expect(b.allowance(.l1) >= 3e-10 + gamma * 5 && b.allowance(.l1) <= (3e-10 + gamma * 5) * (1 + 1e-12))
        let l2 = 5e-20.squareRoot() + gamma * 13.0.squareRoot()
        #expect(b.allowance(.l2) >= l2 && b.allowance(.l2) <= l2 * (1 + 1e-12))
        #expect(b.admits(3 + 2e-10, .linf) && !b.admits(3 + 1e-9, .linf))
    }

    /// Winner 0 with rivals' gap bound pairwise[0, 1] = 0.5, winner 1 with pairwise[1, 0] = 0.25: a margin above the
    /// bound cannot flip, a margin at or below it may (exact ties count as possible flips); the allowances of both
    /// outputs widen the test.
    @Test func aMarginAboveThePairwiseBoundCannotFlip() {
        let b = bound()
        #expect(!b.mayFlip(scores: [3, 2][...]), "margin 1 > 0.5")
        #expect(b.mayFlip(scores: [2.2, 2][...]), "margin 0.2 <= 0.5")
        #expect(b.mayFlip(scores: [2.5, 2][...]), "margin 0.5 = 0.5: a tie may flip")
        #expect(!b.mayFlip(scores: [2, 2.4][...]), "winner 1, margin 0.4 > 0.25")
        #expect(b.mayFlip(scores: [2, 2.25][...]), "winner 1, margin 0.25 = 0.25")
        let widened = bound(allowance: [0.3, 0.3])
        #expect(widened.mayFlip(scores: [3, 2][...]), "margin 1 <= 0.5 + 0.3 + 0.3")
        #expect(!widened.mayFlip(scores: [3.2, 2][...]), "margin 1.2 > 1.1")
        // Scores given as a slice of a longer row: the slice's own indices.
        let row = [9.0, 9, 3, 2]
        #expect(!b.mayFlip(scores: row[2..<4]))
    }

    @Test func oneOutputOrTheWrongCountNeverFlips() {
        let single = DeviationBound(
            method: .differenceIntervals, lower: [-5], upper: [5], pairwise: [0], roundingAllowance: [0], domain: "hand",
            suggestedInputs: [])
        #expect(!single.mayFlip(scores: [1][...]))
        #expect(!bound().mayFlip(scores: [1, 2, 3][...]))
    }

    /// A NaN magnitude (an overflowed analysis) reads as +∞, never NaN: the bound then says nothing, and says so.
    @Test func anOverflowedBoundIsInfiniteNotNaN() {
        let b = DeviationBound(
            method: .linearRelaxation, lower: [-.infinity, 0], upper: [.nan, 1], pairwise: [0, .infinity, .infinity, 0],
            roundingAllowance: [0, 0], domain: "hand", suggestedInputs: [])
        for norm in DeviationNorm.allCases { #expect(b.value(norm) == .infinity) }
        #expect(b.overflowed)
        #expect(b.mayFlip(scores: [5, 1][...]))
    }
}

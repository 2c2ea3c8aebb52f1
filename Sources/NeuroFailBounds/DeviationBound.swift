import NeuroFailCore

/// A certified bound on the output deviation of a chip under one concrete fault set, over every input of a box:
/// for every x in the box and every output k, `lower[k] ≤ F_k(x) − F̂_k(x) ≤ upper[k]` in exact arithmetic, where
/// F is the pristine chip and F̂ the faulty one (Docs/theory.md, sections 11–14).
///
/// Computed by ``FaultSetBound``. All values in output units.
public struct DeviationBound: Sendable, Hashable {
    /// How the bound was computed.
    public let method: FaultSetBound.Method
    /// Lower ends of F_k − F̂_k, one per output.
    public let lower: [Double]
    /// Upper ends of F_k − F̂_k, one per output.
    public let upper: [Double]
    /// `pairwise[c * M + j]` bounds (F_c − F̂_c) − (F_j − F̂_j) from above (0 on the diagonal): how much the faults
    /// can close the gap between a pristine winner c and a rival j. Used for the certified decision-flip bound.
    public let pairwise: [Double]
    /// An upper bound on how far a deviation computed in Float64 (by the engines, in any summation order) can
    /// exceed the exact one at any input of the box, per output: so a measured deviation that exceeds the bound by
    /// less than this is rounding, not a counter-example. Over-estimates, never under-estimates.
    public let roundingAllowance: [Double]
    /// Where the box comes from (``InputBox/source``).
    public let domain: String
    /// How many boxes the input domain was split into (1: not split; see ``FaultSetBound/refined(_:subdomains:)``).
    public var subdomains: Int = 1
    /// Inputs where the linear relaxation says the deviation is largest (one per output and sign; empty for the
    /// interval method): where ``WorstInputSearch`` starts first.
    public let suggestedInputs: [[Double]]

    /// The bound in `norm`: max_k, Σ_k or (Σ_k)^½ of the per-output magnitude max(|lower_k|, |upper_k|), rounded up.
    /// `+∞` only if the bound overflowed Float64 (never NaN).
    public func value(_ norm: DeviationNorm) -> Double {
        Self.norm((0..<lower.count).map { max(abs(lower[$0]), abs(upper[$0])) }, norm)
    }

    /// The rounding allowance in `norm` (the norm of the per-output allowances plus the rounding of the norm).
    public func allowance(_ norm: DeviationNorm) -> Double {
        let a = Self.norm(roundingAllowance, norm)
        return a + RoundingError.gamma(lower.count + 2) * value(norm)
    }

    /// Whether a measured deviation `measured` (in `norm`) is consistent with the bound: at most the bound plus
    /// the rounding allowance. False means a bug in NeuroFail.
    public func admits(_ measured: Double, _ norm: DeviationNorm) -> Bool {
        measured <= value(norm) + allowance(norm)
    }

    /// Whether some magnitude overflowed (the bound then says nothing).
    public var overflowed: Bool { !value(.linf).isFinite }

    /// For a pristine output vector `scores` (M numbers) whose winner is c = argmax: whether the faults can change
    /// the winner, i.e. whether some rival j has F_c − F_j ≤ pairwise[c, j]. Inputs where this is false keep their
    /// decision for certain (up to exact ties, which count as possible flips).
    public func mayFlip(scores: ArraySlice<Double>) -> Bool {
        let m = lower.count
        guard scores.count == m, m > 1 else { return false }
        let base = scores.startIndex
        var c = 0
        for k in 1..<m where scores[base + k] > scores[base + c] { c = k }
        for j in 0..<m where j != c {
            // The computed margin may be off by rounding of the pristine outputs too: the allowance covers it.
            let margin = scores[base + c] - scores[base + j]
            if margin <= pairwise[c * m + j] + roundingAllowance[c] + roundingAllowance[j] { return true }
        }
        return false
    }

    static func norm(_ magnitudes: [Double], _ norm: DeviationNorm) -> Double {
        if magnitudes.contains(where: { $0.isNaN }) { return .infinity }
        // Exact zeros have an exact norm: rounding it up would print a subnormal for a fault set that changes nothing.
        if magnitudes.allSatisfy({ $0 == 0 }) { return 0 }
        switch norm {
        case .linf:
            return magnitudes.max() ?? 0
        case .l1:
            let s = magnitudes.reduce(0, +)
            return RoundingError.above(s, by: RoundingError.ofSum(terms: magnitudes.count, absoluteSum: s))
        case .l2:
            let s = magnitudes.reduce(0) { $0 + $1 * $1 }
            let up = RoundingError.above(s, by: RoundingError.ofSum(terms: magnitudes.count, absoluteSum: s))
            return up.squareRoot().nextUp
        }
    }
}

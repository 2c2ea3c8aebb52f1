/// Bounds on the rounding error of Float64 arithmetic, so that a bound computed in round-to-nearest can be widened
/// into one that holds in exact arithmetic (Docs/theory.md, section 14).
///
/// The facts used (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §2.2 and Lemma 3.1): with
/// u = 2⁻⁵³, every operation satisfies fl(a ∘ b) = (a ∘ b)(1 + θ) + η with |θ| ≤ u and |η| ≤ 2⁻¹⁰⁷⁴ (η only for
/// a product that underflows); a sum of n terms computed in any order is off by at most γ_n · Σ|terms| with
/// γ_n = n u / (1 − n u), plus n subnormal units.
enum RoundingError {
    /// u, the unit roundoff of Float64.
    static let unit = Double.ulpOfOne / 2

    /// γ_n = n u / (1 − n u), rounded up (valid while n u < 1, far beyond any chip here).
    static func gamma(_ n: Int) -> Double {
        let nu = Double(n) * unit
        return (nu / (1 - nu)).nextUp
    }

    /// An upper bound on |fl(S) − S| for a sum S of `terms` products whose absolute values sum to `absoluteSum`
    /// (itself computed in round-to-nearest: the extra factor covers that).
    static func ofSum(terms: Int, absoluteSum: Double) -> Double {
        let bound = gamma(terms + 2) * absoluteSum * (1 + 4 * unit)
        return (bound + Double(terms + 1) * Double.leastNonzeroMagnitude).nextUp
    }

    /// `value` moved down by `error` and one more ulp: a number ≤ the exact quantity when `value` is within
    /// `error` of it.
    static func below(_ value: Double, by error: Double) -> Double { (value - error).nextDown }

    /// `value` moved up by `error` and one more ulp.
    static func above(_ value: Double, by error: Double) -> Double { (value + error).nextUp }
}

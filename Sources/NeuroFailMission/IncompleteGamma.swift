import Foundation

/// The regularized incomplete gamma functions P(a, x) = γ(a, x) / Γ(a) and Q(a, x) = 1 − P(a, x), the kernel of the
/// χ² distribution (P(k/2, x/2) is its CDF with k degrees of freedom) and of Poisson tails: for N ~ Poisson(μ),
/// P(N ≤ f) = Q(f + 1, μ).
///
/// Evaluated as in Numerical Recipes (§6.2): the power series where x < a + 1, the continued fraction (modified
/// Lentz) elsewhere, each returning the side it computes directly, so that a far tail keeps its relative precision
/// instead of being 1 minus something.
public enum IncompleteGamma {
    /// P(a, x) for a > 0; 0 for x ≤ 0. Non-positive or non-finite a gives 0 (no such distribution).
    public static func lower(a: Double, x: Double) -> Double {
        guard a > 0, a.isFinite, !x.isNaN else { return 0 }
        if x <= 0 { return 0 }
        if x == .infinity { return 1 }
        return x < a + 1 ? series(a: a, x: x) : 1 - continuedFraction(a: a, x: x)
    }

    /// Q(a, x) = 1 − P(a, x), computed directly where it is the small side; 1 for x ≤ 0.
    public static func upper(a: Double, x: Double) -> Double {
        guard a > 0, a.isFinite, !x.isNaN else { return 1 }
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        return x < a + 1 ? 1 - series(a: a, x: x) : continuedFraction(a: a, x: x)
    }

    /// e^(−x) x^a / Γ(a), the common front factor, in logs (by the reentrant `lgamma_r`: plain `lgamma` writes the
    /// global `signgam`, a data race when summaries are computed on several threads).
    private static func logFront(a: Double, x: Double) -> Double {
        var sign: Int32 = 0
        return a * log(x) - x - lgamma_r(a, &sign)
    }

    /// P(a, x) by γ(a, x) = e^(−x) x^a Σ_n x^n / (a (a+1) … (a+n)), which converges for every x and quickly for
    /// x < a + 1. The term limit grows with the arguments, like ``IncompleteBeta``'s.
    private static func series(a: Double, x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var ap = a
        let limit = 200 + Int(20 * max(a, x).squareRoot())
        for _ in 0..<limit {
            ap += 1
            term *= x / ap
            sum += term
            if abs(term) < abs(sum) * 1e-16 { break }
        }
        return min(max(sum * exp(logFront(a: a, x: x)), 0), 1)
    }

    /// Q(a, x) by its continued fraction (Legendre's), which converges quickly for x > a + 1.
    private static func continuedFraction(a: Double, x: Double) -> Double {
        let tiny = 1e-300
        let limit = 200 + Int(20 * max(a, x).squareRoot())
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...limit {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return min(max(exp(logFront(a: a, x: x)) * h, 0), 1)
    }
}

import Foundation

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) and its complement, the kernel of exact
/// binomial tail probabilities: for X ~ Binomial(n, p) and 1 ≤ k ≤ n, P(X ≥ k) = I_p(k, n − k + 1).
///
/// Evaluated by the continued fraction of Numerical Recipes (§6.4, modified Lentz), on whichever side of the mean
/// converges, so that a small value (a far tail) keeps its relative precision instead of being 1 minus something.
public enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0; 0 for x ≤ 0 and 1 for x ≥ 1. Non-positive or non-finite a, b give 0 (no such
    /// distribution): callers pass positive integers.
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite, !x.isNaN else { return 0 }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x < (a + 1) / (a + b + 2) { return directSide(x: x, a: a, b: b) }
        return 1 - directSide(x: 1 - x, a: b, b: a)
    }

    /// 1 − I_x(a, b) = I_(1−x)(b, a), computed directly where it is the small side.
    public static func complement(x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, a.isFinite, b.isFinite, !x.isNaN else { return 1 }
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        if x < (a + 1) / (a + b + 2) { return 1 - directSide(x: x, a: a, b: b) }
        return directSide(x: 1 - x, a: b, b: a)
    }

    /// x^a (1 − x)^b / (a B(a, b)) times the continued fraction: I_x(a, b) where x < (a + 1)/(a + b + 2), the side on
    /// which the fraction converges quickly.
    private static func directSide(x: Double, a: Double, b: Double) -> Double {
        let logFront = a * log(x) + b * log1p(-x) - logBeta(a, b)
        let value = exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        return min(max(value, 0), 1)
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), by the reentrant `lgamma_r` (plain `lgamma` writes the global
    /// `signgam`, a data race when summaries are computed on several threads).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(a, &sign) + lgamma_r(b, &sign) - lgamma_r(a + b, &sign)
    }

    /// The continued fraction for I_x(a, b) by the modified Lentz method. It needs O(√max(a, b)) terms, so the term
    /// limit grows with the arguments rather than being the textbook's fixed 100 (which fails beyond a few
    /// thousand trials).
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let limit = 200 + Int(20 * max(a, b).squareRoot())
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...limit {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}

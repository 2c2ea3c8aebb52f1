import Foundation

/// Confidence bounds on a binomial proportion: k successes in n independent trials with an unknown success
/// probability π (here: k of n Monte Carlo missions within budget).
///
/// - Clopper–Pearson (1934), exact: the lower bound at confidence c is the π at which P(X ≥ k) = 1 − c, the upper
///   the π at which P(X ≤ k) = 1 − c (X ~ Binomial(n, π)); two-sided at c puts (1 − c)/2 in each tail. Its coverage
///   is at least c for every π, which is why a reliability claim uses it. The tails are exact binomial sums
///   (``IncompleteBeta``), inverted by bisection; k = 0 and k = n use their closed forms.
/// - Wilson (1927) score interval: the π with (k/n − π)² ≤ z² π (1 − π)/n, z the standard normal quantile. Coverage
///   close to c on average, not guaranteed.
///
/// Every function takes n ≥ 1 and 0 ≤ k ≤ n (with n = 0 nothing is known: [0, 1]) and c in (0, 1).
public enum BinomialConfidence {
    /// P(X ≥ k) for X ~ Binomial(n, π): 1 for k ≤ 0, 0 for k > n.
    public static func probabilityOfAtLeast(_ k: Int, trials n: Int, probability pi: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n { return 0 }
        return IncompleteBeta.regularized(x: pi, a: Double(k), b: Double(n - k + 1))
    }

    /// P(X ≤ k) for X ~ Binomial(n, π): 0 for k < 0, 1 for k ≥ n.
    public static func probabilityOfAtMost(_ k: Int, trials n: Int, probability pi: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return IncompleteBeta.complement(x: pi, a: Double(k + 1), b: Double(n - k))
    }

    /// The one-sided Clopper–Pearson lower bound at confidence c: with confidence c, π ≥ this.
    public static func clopperPearsonLower(successes k: Int, trials n: Int, confidence c: Double) -> Double {
        lower(successes: k, trials: n, tail: 1 - c)
    }

    /// The one-sided Clopper–Pearson upper bound at confidence c: with confidence c, π ≤ this.
    public static func clopperPearsonUpper(successes k: Int, trials n: Int, confidence c: Double) -> Double {
        upper(successes: k, trials: n, tail: 1 - c)
    }

    /// The two-sided Clopper–Pearson interval at confidence c ((1 − c)/2 in each tail).
    public static func clopperPearson(successes k: Int, trials n: Int, confidence c: Double) -> ClosedRange<Double> {
        let tail = (1 - c) / 2
        return lower(successes: k, trials: n, tail: tail)...upper(successes: k, trials: n, tail: tail)
    }

    /// The two-sided Wilson score interval at confidence c.
    public static func wilson(successes k: Int, trials n: Int, confidence c: Double) -> ClosedRange<Double> {
        guard n > 0 else { return 0...1 }
        let z = normalUpperQuantile((1 - c) / 2)
        let n = Double(n), k = Double(min(max(k, 0), Int(n)))
        let z2 = z * z
        let center = (k + z2 / 2) / (n + z2)
        let half = z * (k * (n - k) / n + z2 / 4).squareRoot() / (n + z2)
        let low = k == 0 ? 0 : max(0, center - half)
        let high = k == n ? 1 : min(1, center + half)
        return low...high
    }

    /// The π at which P(X ≥ k) = tail: 0 for k = 0, tail^(1/n) for k = n, else bisection. Rounded down (the
    /// returned π has P(X ≥ k) ≤ tail), so the bound never claims more than the data support.
    static func lower(successes k: Int, trials n: Int, tail: Double) -> Double {
        guard n > 0, k > 0 else { return 0 }
        if k >= n { return exp(log(tail) / Double(n)) }
        return bisect { probabilityOfAtLeast(k, trials: n, probability: $0) < tail }.below
    }

    /// The π at which P(X ≤ k) = tail: 1 for k = n, 1 − tail^(1/n) for k = 0, else bisection. Rounded up.
    static func upper(successes k: Int, trials n: Int, tail: Double) -> Double {
        guard n > 0, k < n else { return 1 }
        if k <= 0 { return -expm1(log(tail) / Double(n)) }
        return bisect { probabilityOfAtMost(k, trials: n, probability: $0) > tail }.above
    }

    /// For a predicate true on [0, x*) and false on [x*, 1] (a monotone tail compared with its target), the two
    /// adjacent doubles around x*, found by halving [0, 1] until no double lies between the ends.
    private static func bisect(_ isBelow: (Double) -> Bool) -> (below: Double, above: Double) {
        var lo = 0.0, hi = 1.0
        // Halving reaches adjacent doubles within 1,100 steps even for a root among the subnormals.
        for _ in 0..<1_100 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi { break }
            if isBelow(mid) { lo = mid } else { hi = mid }
        }
        return (lo, hi)
    }

    /// z with P(Z > z) = tail for a standard normal Z (tail in (0, 1)), by bisection on erfc: exact to rounding
    /// and with no tabulated coefficients. normalUpperQuantile(0.025) = 1.959963984540054.
    static func normalUpperQuantile(_ tail: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid <= lo || mid >= hi { break }
            if erfc(mid / 2.0.squareRoot()) / 2 > tail { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

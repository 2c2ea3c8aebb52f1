import Foundation

/// The χ² distribution with k > 0 degrees of freedom: its CDF P(k/2, x/2) (``IncompleteGamma``) and its quantiles,
/// which give the upper confidence bounds of a Poisson rate (``FailureRateEstimate``).
public enum ChiSquared {
    /// P(X ≤ x) for X ~ χ²(k); 0 for x ≤ 0.
    public static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double {
        IncompleteGamma.lower(a: k / 2, x: x / 2)
    }

    /// P(X > x) for X ~ χ²(k), computed directly (a far upper tail keeps its relative precision).
    public static func survival(_ x: Double, degreesOfFreedom k: Double) -> Double {
        IncompleteGamma.upper(a: k / 2, x: x / 2)
    }

    /// The p-quantile χ²_p(k): the x with P(X ≤ x) = p, for p in (0, 1) and k > 0 (nil otherwise: no such number).
    ///
    /// Found by bisection on the monotone CDF, which cannot fail to converge: a bracket one factor of 2 wide, then
    /// halved until its ends are adjacent doubles. The side compared is
    /// the one that keeps precision: the CDF for p ≤ 1/2, the survival function against 1 − p above (so that
    /// p = 0.999999 is not lost to rounding in 1 − cdf).
    public static func quantile(_ p: Double, degreesOfFreedom k: Double) -> Double? {
        guard p > 0, p < 1, k > 0, k.isFinite else { return nil }
        let upperSide = p > 0.5
        let target = upperSide ? 1 - p : p
        // Below the quantile: cdf < p, i.e. survival > 1 − p.
        func below(_ x: Double) -> Bool { upperSide ? survival(x, degreesOfFreedom: k) > target : cdf(x, degreesOfFreedom: k) < target }
        // A bracket [lo, hi] with hi ≤ 2 lo, by doubling or halving from k, so that bisection reaches full
        // relative precision in about 60 steps however small or large the quantile.
        var hi = max(1, k)
        var lo = hi / 2
        while below(hi) {
            lo = hi
            hi *= 2
            if !hi.isFinite { return nil }
        }
        while !below(lo) {
            hi = lo
            lo /= 2
            if lo == 0 { return hi }
        }
        for _ in 0..<200 {
            let mid = lo + (hi - lo) / 2
            if mid <= lo || mid >= hi { break }
            if below(mid) { lo = mid } else { hi = mid }
        }
        return lo + (hi - lo) / 2
    }
}

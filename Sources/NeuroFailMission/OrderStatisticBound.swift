import Foundation

/// Which order statistic of n independent runs is a distribution-free bound "with confidence c, a fraction ≥ p of
/// missions": the rank r shared by B_p lives (``ReliabilityLife``, the r-th smallest failure time) and spare
/// provisioning (``SpareProvisioning``, the r-th largest loss).
///
/// With q = 1 − p, r is the largest integer in 1…n with P(Binomial(n, q) ≥ r) ≥ c. Why: let ξ be the time by which a
/// fraction q of missions have failed. The r-th smallest of n failure times is ≤ ξ exactly when at least r runs fail
/// by ξ, an event of probability P(Binomial(n, F(ξ)) ≥ r) ≥ P(Binomial(n, q) ≥ r) ≥ c, whatever the distribution
/// (Meeker, Hahn & Escobar, *Statistical Intervals*, 2nd ed. 2017, ch. 5). The smallest admissible r is 1, with
/// P(Binomial(n, q) ≥ 1) = 1 − p^n: below ``runsNeeded(reliability:confidence:)`` runs no rank qualifies and the
/// statement is not supported (p = 0.99, c = 0.95 needs 299 runs: the zero-failure demonstration).
public struct OrderStatisticBound: Sendable, Hashable {
    /// The number of runs n.
    public let runs: Int
    /// The fraction p of missions the statement covers, in (0, 1).
    public let reliability: Double
    /// The confidence level c, in (0, 1).
    public let confidence: Double
    /// r, or nil when n < ``runsNeeded``.
    public let rank: Int?

    /// The rank for `runs` runs, reliability p and confidence c (both in (0, 1)).
    public init(runs: Int, reliability p: Double, confidence c: Double) {
        self.runs = runs
        reliability = p
        confidence = c
        guard runs >= Self.runsNeeded(reliability: p, confidence: c) else {
            rank = nil
            return
        }
        // P(Binomial(n, q) ≥ r) falls with r, and r = 1 qualifies (n ≥ runsNeeded): bisect for the last r that does.
        let q = 1 - p
        var good = 1, bad = runs + 1
        while bad - good > 1 {
            let mid = good + (bad - good) / 2
            if BinomialConfidence.probabilityOfAtLeast(mid, trials: runs, probability: q) >= c { good = mid } else { bad = mid }
        }
        rank = good
    }

    /// The smallest n with 1 − p^n ≥ c: the runs a statement at (p, c) needs, even with no run failing.
    public static func runsNeeded(reliability p: Double, confidence c: Double) -> Int {
        guard p > 0, p < 1, c > 0, c < 1 else { return Int.max }
        let logP = log(p), logMiss = log1p(-c)
        // p^n ≤ 1 − c ⟺ n ≥ ln(1 − c)/ln p; the estimate is then corrected in the exact comparison both ways.
        let estimate = (logMiss / logP).rounded(.up)
        guard estimate < 1e15 else { return Int.max }
        var n = max(1, Int(estimate))
        while Double(n) * logP > logMiss { n += 1 }
        while n > 1, Double(n - 1) * logP <= logMiss { n -= 1 }
        return n
    }

    /// The probability that the statement holds: P(Binomial(n, q) ≥ r) ≥ c, or nil when not supported.
    public var achievedConfidence: Double? {
        rank.map { BinomialConfidence.probabilityOfAtLeast($0, trials: runs, probability: 1 - reliability) }
    }

    /// "B1" for p = 0.99, "B10" for p = 0.9, "B0.1" for p = 0.999: the reliability engineer's name for the time
    /// by which a fraction 1 − p of the population has failed.
    public var lifeName: String { "B" + String(format: "%g", 100 * (1 - reliability)) }

    /// `runsNeeded` for this bound's p and c.
    public var runsNeeded: Int { Self.runsNeeded(reliability: reliability, confidence: confidence) }
}

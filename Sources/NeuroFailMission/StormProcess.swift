import NeuroFailCore

/// Solar particle events as a Poisson process shared by every component: storms begin at `ratePerYear` (mission
/// time, years), each lasts `durationYears` and multiplies radiation rates by `multiplier` while it lasts.
///
/// Invariants: every number finite, `ratePerYear ≥ 0`, `durationYears > 0`, `multiplier ≥ 1`.
public struct StormProcess: Sendable, Hashable {
    /// Storms per year (e.g. ≈ 2.8 gradual events > 60 MeV per year, Barnard & Lockwood 2011).
    public let ratePerYear: Double
    /// How long each storm lasts, in years (a 2-day storm is 2 / 365.25).
    public let durationYears: Double
    /// The factor on radiation rates during a storm.
    public let multiplier: Double

    /// A storm process; see the type's invariants.
    public init(ratePerYear: Double, durationYears: Double, multiplier: Double) {
        precondition(ratePerYear >= 0 && durationYears > 0 && multiplier >= 1)
        self.ratePerYear = ratePerYear
        self.durationYears = durationYears
        self.multiplier = multiplier
    }

    /// The storms of one mission of `missionYears` years, sorted by start (they may overlap).
    public func sample(missionYears: Double, rng: inout Xoshiro256) -> [StormInterval] {
        var storms = [StormInterval]()
        guard ratePerYear > 0 else { return storms }
        var t = 0.0
        while true {
            t += rng.nextExponential(rate: ratePerYear)
            if t >= missionYears { return storms }
            storms.append(StormInterval(start: t, end: t + durationYears, multiplier: multiplier))
        }
    }
}

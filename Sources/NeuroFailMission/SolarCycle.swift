import Foundation

/// The ≈ 11-year solar cycle as a smooth factor on radiation rates.
///
/// Galactic cosmic rays are strongest at solar minimum (the weaker solar wind shields less), so the factor is
/// `minimumFactor` at each solar minimum and `maximumFactor` half a period later, with a cosine in between:
/// `f(y) = (min + max)/2 + (min − max)/2 · cos(2π (y − lastMinimumYear) / periodYears)`, `y` in decimal years.
/// With `minimumFactor = 4/3` and `maximumFactor = 2/3` the factor averages 1 over a cycle, so a model's base rate
/// is its cycle-average rate. The real cycle is asymmetric (faster rise than decline); this is a documented
/// simplification (Docs/scenarios.md).
///
/// Invariants: factors ≥ 0 and finite, `periodYears > 0`.
public struct SolarCycle: Sendable, Hashable {
    /// The last solar minimum as a decimal year: December 2019 (NASA Solar Cycle 25 Prediction Panel; SILSO).
    public static let cycle25Minimum = 2019.958
    /// The decimal year of a solar minimum.
    public let lastMinimumYear: Double
    /// The cycle length in years (≈ 11).
    public let periodYears: Double
    /// The rate factor at solar minimum (≥ 0).
    public let minimumFactor: Double
    /// The rate factor at solar maximum (≥ 0).
    public let maximumFactor: Double

    /// A cycle; the defaults give no modulation (factor 1 throughout).
    public init(
        lastMinimumYear: Double = SolarCycle.cycle25Minimum, periodYears: Double = 11,
        minimumFactor: Double = 1, maximumFactor: Double = 1
    ) {
        precondition(periodYears > 0 && minimumFactor >= 0 && maximumFactor >= 0)
        self.lastMinimumYear = lastMinimumYear
        self.periodYears = periodYears
        self.minimumFactor = minimumFactor
        self.maximumFactor = maximumFactor
    }

    /// No modulation: factor 1 at every date.
    public static let flat = SolarCycle()

    /// The factor at decimal year `year`.
    public func factor(atYear year: Double) -> Double {
        let phase = 2 * Double.pi * (year - lastMinimumYear) / periodYears
        return (minimumFactor + maximumFactor) / 2 + (minimumFactor - maximumFactor) / 2 * cos(phase)
    }

    /// The largest factor at any date.
    public var peakFactor: Double { max(minimumFactor, maximumFactor) }

    /// ∫ factor dy from `from` to `to` (decimal years), in closed form.
    public func integral(fromYear from: Double, toYear to: Double) -> Double {
        let mean = (minimumFactor + maximumFactor) / 2
        let amplitude = (minimumFactor - maximumFactor) / 2
        let k = 2 * Double.pi / periodYears
        return mean * (to - from)
            + amplitude / k * (sin(k * (to - lastMinimumYear)) - sin(k * (from - lastMinimumYear)))
    }
}

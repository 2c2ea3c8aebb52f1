import Foundation

/// A constant failure rate estimated from f events seen in T device-hours, in the units of JEDEC JESD89: FIT
/// (failures per 10⁹ device-hours) and MTTF = 1/λ, with the one-sided upper bound of a Poisson rate at confidence c,
/// λ_U = χ²_c(2f + 2) / (2T) (and the MTTF lower bound 1/λ_U).
///
/// Why 2f + 2: for N ~ Poisson(λT), P(N ≤ f) = P(χ²(2f + 2) > 2λT), so the largest λ with P(N ≤ f) ≥ 1 − c is the
/// one above; the test (here: the Monte Carlo runs) stops at a fixed time, not at the f-th event, which would give
/// 2f. It holds for f = 0: λ_U = χ²_c(2)/(2T) = −ln(1 − c)/T (3.0/T at 95 %), while the point estimate is 0 and
/// the MTTF point estimate unbounded (nil).
public struct FailureRateEstimate: Sendable, Hashable {
    /// f: the events counted.
    public let events: Int
    /// T: device-hours of exposure (> 0).
    public let deviceHours: Double
    /// c: the one-sided confidence of the upper bound, in (0, 1).
    public let confidence: Double

    /// An estimate from `events` ≥ 0 in `deviceHours` > 0 at `confidence` in (0, 1).
    public init(events: Int, deviceHours: Double, confidence: Double) {
        precondition(events >= 0 && deviceHours > 0 && deviceHours.isFinite && confidence > 0 && confidence < 1)
        self.events = events
        self.deviceHours = deviceHours
        self.confidence = confidence
    }

    /// FIT: failures per 10⁹ device-hours.
    public static let hoursPerFIT = 1e9

    /// λ = f / T, failures per device-hour.
    public var ratePerHour: Double { Double(events) / deviceHours }
    /// λ_U = χ²_c(2f + 2) / (2T), failures per device-hour: with confidence c the rate is at most this.
    public var upperRatePerHour: Double {
        // The quantile exists for every c in (0, 1) and dof ≥ 2 (the init checks both); 0 cannot be reached.
        (ChiSquared.quantile(confidence, degreesOfFreedom: Double(2 * events + 2)) ?? 0) / (2 * deviceHours)
    }
    /// λ in FIT.
    public var fit: Double { ratePerHour * Self.hoursPerFIT }
    /// λ_U in FIT.
    public var fitUpper: Double { upperRatePerHour * Self.hoursPerFIT }
    /// MTTF = 1/λ in hours; nil when no event was seen (unbounded).
    public var mttfHours: Double? { events > 0 ? deviceHours / Double(events) : nil }
    /// The MTTF lower bound 1/λ_U in hours: with confidence c the MTTF is at least this.
    public var mttfLowerHours: Double { 1 / upperRatePerHour }
}

import NeuroFailCore

/// Solar particle events whose rate follows solar activity, the SPE half of the component form of a scenario's
/// environment (``RadiationEnvironment``).
///
/// Events begin as a Poisson process of rate r(y) = r_min + (r_max − r_min) · (1 − cos(2π (y − y_min) / P)) / 2 per
/// year at decimal year y: `ratePerYearAtMinimum` at each solar minimum, `ratePerYearAtMaximum` half a period later
/// (events cluster at maximum: Paassilta et al. 2017; Feynman et al.'s "active years"). Each lasts `durationYears`, with
/// the integral heavy-ion flux `flux` (/cm²/day above the environment's LET) while it lasts. Onsets are drawn exactly
/// by thinning (Lewis and Shedler 1979) from a homogeneous process of rate max(r_min, r_max).
///
/// Invariants: every number finite, rates ≥ 0, `durationYears > 0`, `flux ≥ 0`, `periodYears > 0`.
public struct SolarParticleEvents: Sendable, Hashable {
    /// The onset rate as a function of the date: a ``SolarCycle`` whose factors are events per year.
    public let rate: SolarCycle
    /// How long each event lasts, in years.
    public let durationYears: Double
    /// The heavy-ion integral flux during an event, /cm²/day above the environment's LET.
    public let flux: Double

    /// Events at `ratePerYearAtMinimum` at each solar minimum (`lastMinimumYear`, every `periodYears`) and
    /// `ratePerYearAtMaximum` at each maximum.
    public init(
        ratePerYearAtMinimum: Double, ratePerYearAtMaximum: Double, durationYears: Double, flux: Double,
        lastMinimumYear: Double = SolarCycle.cycle25Minimum, periodYears: Double = 11
    ) {
        precondition(durationYears > 0 && flux >= 0 && flux.isFinite)
        rate = SolarCycle(
            lastMinimumYear: lastMinimumYear, periodYears: periodYears, minimumFactor: ratePerYearAtMinimum,
            maximumFactor: ratePerYearAtMaximum)
        self.durationYears = durationYears
        self.flux = flux
    }

    /// Onsets per year at decimal year `year`.
    public func ratePerYear(atYear year: Double) -> Double { rate.factor(atYear: year) }

    /// The expected number of onsets between two decimal years, ∫ r(y) dy in closed form.
    public func expectedCount(fromYear from: Double, toYear to: Double) -> Double {
        rate.integral(fromYear: from, toYear: to)
    }

    /// The events of one mission that starts at decimal year `startYear` and lasts `missionYears`, sorted by start
    /// (they may overlap), in mission time (years since launch). Their `multiplier` is 1: the event's flux is `flux`.
    public func sample(startYear: Double, missionYears: Double, rng: inout Xoshiro256) -> [StormInterval] {
        var events = [StormInterval]()
        let bound = rate.peakFactor
        guard bound > 0 else { return events }
        var t = 0.0
        while true {
            t += rng.nextExponential(rate: bound)
            if t >= missionYears { return events }
            if rng.nextUnit() * bound < ratePerYear(atYear: startYear + t) {
                events.append(StormInterval(start: t, end: t + durationYears, multiplier: 1))
            }
        }
    }
}

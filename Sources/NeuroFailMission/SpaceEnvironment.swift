import NeuroFailCore

/// The space weather of one mission run, shared by all failure models: the mission's length, where it sits in the
/// solar cycle, and the storms (solar particle events) that happen during it.
///
/// Time is in years since launch (`0...durationYears`); the calendar year of mission time `t` is `startYear + t`.
/// A model's rate at time `t` is its base rate λ₀ times ``modulation(at:exposure:)``:
///
/// - for a ``RadiationExposure`` that is not `flux` (the legacy form, and rates given directly): `cycle(t) ·
///   storm(t)`, where `cycle` is ``SolarCycle/factor(atYear:)`` and `storm` is the largest multiplier of the storms
///   active at `t` (1 outside storms);
/// - for a `flux` exposure (the component form, ``RadiationEnvironment``): the heavy-ion flux Φ(t) in /cm²/day, the
///   GCR flux of the date outside events and the event flux during one (λ₀ is then σ × 365.25).
public struct SpaceEnvironment: Sendable, Hashable {
    /// The heavy-ion fluxes of the component form.
    public struct Fluxes: Sendable, Hashable {
        /// The GCR flux of the date, /cm²/day (its factors are fluxes).
        public let gcr: SolarCycle
        /// The flux during a solar particle event, /cm²/day (≥ the GCR flux at minimum).
        public let spe: Double

        /// Fluxes; see the stored properties.
        public init(gcr: SolarCycle, spe: Double) {
            self.gcr = gcr
            self.spe = spe
        }
    }

    /// The mission start as a decimal calendar year (e.g. 2027.0).
    public let startYear: Double
    /// The mission length in years (> 0).
    public let durationYears: Double
    /// The solar cycle as a dimensionless factor on rates (in the component form: the GCR flux's shape, mean 1).
    public let solarCycle: SolarCycle
    /// The storms of this run, sorted by start.
    public let storms: [StormInterval]
    /// The component form's fluxes (nil in the legacy form: a `flux` exposure then sees no flux).
    public let fluxes: Fluxes?

    /// An environment; by default no solar-cycle modulation, no storms, no fluxes.
    public init(
        startYear: Double = 2027, durationYears: Double, solarCycle: SolarCycle = .flat,
        storms: [StormInterval] = [], fluxes: Fluxes? = nil
    ) {
        precondition(durationYears > 0 && durationYears.isFinite)
        self.startYear = startYear
        self.durationYears = durationYears
        self.solarCycle = solarCycle
        self.storms = storms.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        self.fluxes = fluxes
    }

    /// An environment whose storms are drawn from `stormProcess` (none if `nil`): the legacy form.
    public static func sample(
        startYear: Double, durationYears: Double, solarCycle: SolarCycle, stormProcess: StormProcess?,
        rng: inout Xoshiro256
    ) -> SpaceEnvironment {
        let storms = stormProcess?.sample(missionYears: durationYears, rng: &rng) ?? []
        return SpaceEnvironment(
            startYear: startYear, durationYears: durationYears, solarCycle: solarCycle, storms: storms)
    }

    /// The storm multiplier at mission time `t`: the largest among active storms, 1 if none.
    public func stormMultiplier(at t: Double) -> Double {
        var m = 1.0
        for storm in storms {
            if storm.start > t { break }
            if storm.contains(t) { m = max(m, storm.multiplier) }
        }
        return m
    }

    /// Whether a storm is active at mission time `t`.
    public func inStorm(at t: Double) -> Bool {
        for storm in storms {
            if storm.start > t { return false }
            if storm.contains(t) { return true }
        }
        return false
    }

    /// The factor on a base rate at mission time `t` (see the type's description).
    public func modulation(at t: Double, exposure: RadiationExposure) -> Double {
        guard exposure.flux else {
            return (exposure.solarCycle ? solarCycle.factor(atYear: startYear + t) : 1)
                * (exposure.storms ? stormMultiplier(at: t) : 1)
        }
        guard let fluxes else { return 0 }
        if exposure.storms && inStorm(at: t) { return fluxes.spe }
        return exposure.solarCycle ? fluxes.gcr.factor(atYear: startYear + t) : Self.mean(fluxes.gcr)
    }

    /// An upper bound of ``modulation(at:exposure:)`` over the mission (the thinning envelope).
    public func maxModulation(exposure: RadiationExposure) -> Double {
        guard exposure.flux else {
            let storm = exposure.storms ? storms.reduce(1) { max($0, $1.multiplier) } : 1
            return (exposure.solarCycle ? solarCycle.peakFactor : 1) * storm
        }
        guard let fluxes else { return 0 }
        let quiet = exposure.solarCycle ? fluxes.gcr.peakFactor : Self.mean(fluxes.gcr)
        return exposure.storms && !storms.isEmpty ? max(quiet, fluxes.spe) : quiet
    }

    /// The time of the first event of a Poisson process of rate `baseRate · modulation(t)` (per year) during the
    /// mission, or `nil` if none happens by `durationYears`.
    ///
    /// Exact sampling by thinning (Lewis and Shedler 1979): candidates from a homogeneous process of rate
    /// λ_max = `baseRate` × ``maxModulation(exposure:)``, each kept with probability λ(t)/λ_max; the first kept one
    /// is the answer. Only the first event matters for a permanent crash.
    public func firstEventTime(baseRate: Double, exposure: RadiationExposure, rng: inout Xoshiro256) -> Double? {
        nextEventTime(after: 0, baseRate: baseRate, exposure: exposure, rng: &rng)
    }

    /// The time of the next event after `start` of the same process (the process is memoryless, so successive calls
    /// from each event give all its events: upsets and recoverable latch-ups, which happen again and again), or `nil`
    /// if none happens by `durationYears`.
    public func nextEventTime(
        after start: Double, baseRate: Double, exposure: RadiationExposure, rng: inout Xoshiro256
    ) -> Double? {
        guard baseRate > 0, baseRate.isFinite else { return nil }
        let bound = baseRate * maxModulation(exposure: exposure)
        guard bound > 0 else { return nil }
        var t = start
        while true {
            t += rng.nextExponential(rate: bound)
            if t > durationYears { return nil }
            let rate = baseRate * modulation(at: t, exposure: exposure)
            if rng.nextUnit() * bound < rate { return t }
        }
    }

    /// The permanent failures of independent components, each failing at the first event of its own process of rate
    /// `baseRate · modulation(t)` (``firstEventTime(baseRate:exposure:rng:)``, drawn in the order given), as events of
    /// `kind`, sorted by time.
    ///
    /// A component is looked up only when it fails: in a lazy ``ComponentList`` of 10^8 synapses finding each one's
    /// target and source was a third of a mission run, where only thousands fail.
    public func firstFailures(
        of components: some Collection<Component>, baseRate: Double, exposure: RadiationExposure, kind: FailureKind,
        rng: inout Xoshiro256
    ) -> [FailureEvent] {
        var events = [FailureEvent]()
        for index in components.indices {
            if let t = firstEventTime(baseRate: baseRate, exposure: exposure, rng: &rng) {
                events.append(FailureEvent(time: t, component: components[index], kind: kind))
            }
        }
        return events.sorted()
    }

    /// ∫₀ᵗ ``modulation(at:exposure:)`` dt, exactly (the solar cycle in closed form, piecewise between storm
    /// boundaries). A component of base rate λ₀ fails by mission time `t` with probability
    /// `1 − exp(−λ₀ · cumulativeModulation(to: t, …))`: the expected-failure curve of a mission.
    public func cumulativeModulation(to t: Double, exposure: RadiationExposure) -> Double {
        guard t > 0 else { return 0 }
        if exposure.flux && fluxes == nil { return 0 }
        let cycle = exposure.flux ? fluxes?.gcr ?? .flat : solarCycle
        // Without the cycle the quiet level is constant: the GCR flux's mean, or 1.
        let level = exposure.flux ? Self.mean(cycle) : 1
        func quietIntegral(_ a: Double, _ b: Double) -> Double {
            exposure.solarCycle ? cycle.integral(fromYear: startYear + a, toYear: startYear + b) : level * (b - a)
        }
        guard exposure.storms else { return quietIntegral(0, t) }
        var cuts = [0, t]
        for storm in storms {
            if storm.start > 0 && storm.start < t { cuts.append(storm.start) }
            if storm.end > 0 && storm.end < t { cuts.append(storm.end) }
        }
        cuts.sort()
        var total = 0.0
        for (a, b) in zip(cuts, cuts.dropFirst()) where b > a {
            let middle = (a + b) / 2
            if exposure.flux, let fluxes {
                total += inStorm(at: middle) ? fluxes.spe * (b - a) : quietIntegral(a, b)
            } else {
                total += stormMultiplier(at: middle) * quietIntegral(a, b)
            }
        }
        return total
    }

    private static func mean(_ cycle: SolarCycle) -> Double { (cycle.minimumFactor + cycle.maximumFactor) / 2 }
}

extension SpaceEnvironment {
    // The legacy spelling of the exposure (dimensionless factors), kept for callers that switch the two factors.

    /// ``modulation(at:exposure:)`` of a scaled (not flux) exposure.
    public func modulation(at t: Double, solarCycle: Bool, storms: Bool) -> Double {
        modulation(at: t, exposure: RadiationExposure(solarCycle: solarCycle, storms: storms))
    }

    /// ``maxModulation(exposure:)`` of a scaled exposure.
    public func maxModulation(solarCycle: Bool, storms: Bool) -> Double {
        maxModulation(exposure: RadiationExposure(solarCycle: solarCycle, storms: storms))
    }

    /// ``firstEventTime(baseRate:exposure:rng:)`` of a scaled exposure.
    public func firstEventTime(baseRate: Double, solarCycle: Bool, storms: Bool, rng: inout Xoshiro256) -> Double? {
        firstEventTime(baseRate: baseRate, exposure: RadiationExposure(solarCycle: solarCycle, storms: storms), rng: &rng)
    }

    /// ``cumulativeModulation(to:exposure:)`` of a scaled exposure.
    public func cumulativeModulation(to t: Double, solarCycle: Bool, storms: Bool) -> Double {
        cumulativeModulation(to: t, exposure: RadiationExposure(solarCycle: solarCycle, storms: storms))
    }
}

import NeuroFailCore

/// The space weather of one mission run, shared by all failure models: the mission's length, where it sits in the
/// solar cycle, and the storms that happen during it.
///
/// Time is in years since launch (`0...durationYears`); the calendar year of mission time `t` is `startYear + t`.
/// The radiation rate of a component with base rate λ₀ (per year) at time `t` is
/// `λ(t) = λ₀ · cycle(t) · storm(t)`, where `cycle` is ``SolarCycle/factor(atYear:)`` and `storm` is the largest
/// multiplier of the storms active at `t` (1 outside storms).
public struct SpaceEnvironment: Sendable, Hashable {
    /// The mission start as a decimal calendar year (e.g. 2027.0).
    public let startYear: Double
    /// The mission length in years (> 0).
    public let durationYears: Double
    /// The solar cycle.
    public let solarCycle: SolarCycle
    /// The storms of this run, sorted by start.
    public let storms: [StormInterval]

    /// An environment; by default no solar-cycle modulation and no storms.
    public init(
        startYear: Double = 2027, durationYears: Double, solarCycle: SolarCycle = .flat,
        storms: [StormInterval] = []
    ) {
        precondition(durationYears > 0 && durationYears.isFinite)
        self.startYear = startYear
        self.durationYears = durationYears
        self.solarCycle = solarCycle
        self.storms = storms.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    /// An environment whose storms are drawn from `stormProcess` (none if `nil`).
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

    /// The factor on a base rate at mission time `t`, with the solar cycle and storms switched on or off.
    public func modulation(at t: Double, solarCycle useCycle: Bool, storms useStorms: Bool) -> Double {
        (useCycle ? solarCycle.factor(atYear: startYear + t) : 1) * (useStorms ? stormMultiplier(at: t) : 1)
    }

    /// An upper bound of ``modulation(at:solarCycle:storms:)`` over the mission (the thinning envelope).
    public func maxModulation(solarCycle useCycle: Bool, storms useStorms: Bool) -> Double {
        let storm = useStorms ? storms.reduce(1) { max($0, $1.multiplier) } : 1
        return (useCycle ? solarCycle.peakFactor : 1) * storm
    }

    /// The time of the first event of a Poisson process of rate `baseRate · modulation(t)` (per year) during the
    /// mission, or `nil` if none happens by `durationYears`.
    ///
    /// Exact sampling by thinning (Lewis and Shedler 1979): candidates from a homogeneous process of rate
    /// λ_max = `baseRate` × ``maxModulation(solarCycle:storms:)``, each kept with probability λ(t)/λ_max; the first
    /// kept one is the answer. Only the first event matters for a permanent crash.
    public func firstEventTime(
        baseRate: Double, solarCycle useCycle: Bool, storms useStorms: Bool, rng: inout Xoshiro256
    ) -> Double? {
        nextEventTime(after: 0, baseRate: baseRate, solarCycle: useCycle, storms: useStorms, rng: &rng)
    }

    /// The time of the next event after `start` of the same process (the process is memoryless, so successive calls
    /// from each event give all its events: upsets and recoverable latch-ups, which happen again and again), or `nil`
    /// if none happens by `durationYears`.
    public func nextEventTime(
        after start: Double, baseRate: Double, solarCycle useCycle: Bool, storms useStorms: Bool,
        rng: inout Xoshiro256
    ) -> Double? {
        guard baseRate > 0, baseRate.isFinite else { return nil }
        let bound = baseRate * maxModulation(solarCycle: useCycle, storms: useStorms)
        guard bound > 0 else { return nil }
        var t = start
        while true {
            t += rng.nextExponential(rate: bound)
            if t > durationYears { return nil }
            let rate = baseRate * modulation(at: t, solarCycle: useCycle, storms: useStorms)
            if rng.nextUnit() * bound < rate { return t }
        }
    }

    /// The permanent failures of independent components, each failing at the first event of its own process of rate
    /// `baseRate · modulation(t)` (``firstEventTime(baseRate:solarCycle:storms:rng:)``, drawn in the order given),
    /// as events of `kind`, sorted by time.
    public func firstFailures(
        of components: [Component], baseRate: Double, solarCycle useCycle: Bool, storms useStorms: Bool,
        kind: FailureKind, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        var events = [FailureEvent]()
        for component in components {
            if let t = firstEventTime(baseRate: baseRate, solarCycle: useCycle, storms: useStorms, rng: &rng) {
                events.append(FailureEvent(time: t, component: component, kind: kind))
            }
        }
        return events.sorted()
    }

    /// ∫₀ᵗ ``modulation(at:solarCycle:storms:)`` dt, exactly (the solar cycle in closed form, piecewise between storm
    /// boundaries). A component of base rate λ₀ fails by mission time `t` with probability
    /// `1 − exp(−λ₀ · cumulativeModulation(to: t, …))`: the expected-failure curve of a mission.
    public func cumulativeModulation(to t: Double, solarCycle useCycle: Bool, storms useStorms: Bool) -> Double {
        guard t > 0 else { return 0 }
        func cycleIntegral(_ a: Double, _ b: Double) -> Double {
            useCycle ? solarCycle.integral(fromYear: startYear + a, toYear: startYear + b) : b - a
        }
        guard useStorms else { return cycleIntegral(0, t) }
        var cuts = [0, t]
        for storm in storms {
            if storm.start > 0 && storm.start < t { cuts.append(storm.start) }
            if storm.end > 0 && storm.end < t { cuts.append(storm.end) }
        }
        cuts.sort()
        var total = 0.0
        for (a, b) in zip(cuts, cuts.dropFirst()) where b > a {
            total += stormMultiplier(at: (a + b) / 2) * cycleIntegral(a, b)
        }
        return total
    }
}

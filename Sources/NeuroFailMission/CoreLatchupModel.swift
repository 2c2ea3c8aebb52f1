import NeuroFailCore

/// Latch-up in a core's shared circuitry: each core of the ``CoreMap`` fails at the first event of a Poisson process
/// of rate `ratePerCoreYear · modulation(t)`, drawn by thinning like ``RadiationLatchupModel``. The event
/// names the core (`core2`, kind `core-latchup`); ``CoreMap/components(ofCore:chip:)`` lists what goes down with
/// it, all at the same time.
///
/// Scenario form: `{"model": "core-latchup", "rate": 0.001}` (or `crossSection`, as ``RadiationLatchupModel``,
/// checked against `areaCm2.core`; optional `solarCycle`, `storms`).
///
/// With `permanentDamage` p (a probability), latch-up is recoverable, as JEDEC JESD78 describes it: a high-current
/// state that a power cycle clears. Each core then latches up at every event of its process: with probability
/// 1 − p the event is a `core-outage` (the core is down until the scenario's power cycle, `recovery.powerCycleHours`),
/// with probability p it damages the core for good (`core-latchup`) and the core's process ends.
public struct CoreLatchupModel: FailureModel, Hashable {
    /// `core-latchup`.
    public static let tag = "core-latchup"
    /// Failures per core-year before modulation, or σ × 365.25 for a flux exposure (≥ 0, finite).
    public let ratePerCoreYear: Double
    /// How the rate meets the space weather: the solar cycle, storms, and whether the rate is a cross-section that
    /// meets the environment's flux (the component form).
    public let exposure: RadiationExposure
    /// The probability in [0, 1] that a latch-up damages the core for good; nil: every latch-up does (the core's
    /// first event is its permanent failure).
    public let permanentDamage: Double?

    /// A model; see the stored properties.
    public init(
        ratePerCoreYear: Double, followsSolarCycle: Bool = true, boostedByStorms: Bool = true,
        permanentDamage: Double? = nil, fluxDriven: Bool = false
    ) {
        precondition(ratePerCoreYear >= 0 && ratePerCoreYear.isFinite)
        precondition(permanentDamage.map { (0...1).contains($0) } ?? true)
        self.ratePerCoreYear = ratePerCoreYear
        exposure = RadiationExposure(solarCycle: followsSolarCycle, storms: boostedByStorms, flux: fluxDriven)
        self.permanentDamage = permanentDamage
    }

    /// One `core<k>` event per core that latches up during the mission, at its first event time, sorted by time.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        guard let p = permanentDamage else {
            return environment.firstFailures(
                of: (0..<cores.count).map(Component.core), baseRate: ratePerCoreYear, exposure: exposure,
                kind: .coreLatchup, rng: &rng)
        }
        var events = [FailureEvent]()
        for k in 0..<cores.count {
            var t = 0.0
            while let next = environment.nextEventTime(
                after: t, baseRate: ratePerCoreYear, exposure: exposure, rng: &rng)
            {
                t = next
                let permanent = rng.nextUnit() < p
                events.append(FailureEvent(time: t, component: .core(k), kind: permanent ? .coreLatchup : .coreOutage))
                if permanent { break }
            }
        }
        return events.sorted()
    }

    /// Reads the model from a scenario's `failures[i]` object.
    public static func decode(
        _ field: JSONField, context: FailureRate.Context = FailureRate.Context()
    ) throws(InputError) -> CoreLatchupModel {
        let (rate, exposure) = try FailureRate.decodeRadiation(
            field, context: context, bounds: context.areas.core.map { [("core", $0)] } ?? [])
        var damage: Double?
        if field["permanentDamage"].isPresent { damage = try FailureRate.decodeProbability(field["permanentDamage"]) }
        return CoreLatchupModel(
            ratePerCoreYear: rate, followsSolarCycle: exposure.solarCycle, boostedByStorms: exposure.storms,
            permanentDamage: damage, fluxDriven: exposure.flux)
    }
}

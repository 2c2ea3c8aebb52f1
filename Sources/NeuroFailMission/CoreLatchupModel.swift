import NeuroFailCore

/// Latch-up in a core's shared circuitry: each core of the ``CoreMap`` fails at the first event of a Poisson process
/// of rate `ratePerCoreYear · cycle(t) · storm(t)`, drawn by thinning like ``RadiationLatchupModel``. The event
/// names the core (`core2`, kind `core-latchup`); ``CoreMap/components(ofCore:chip:)`` lists what goes down with
/// it, all at the same time.
///
/// Scenario form: `{"model": "core-latchup", "rate": 0.001}` (or `flux` and `crossSection`; optional
/// `solarCycle`, `storms`).
public struct CoreLatchupModel: FailureModel, Hashable {
    /// `core-latchup`.
    public static let tag = "core-latchup"
    /// Failures per core-year before modulation (≥ 0, finite).
    public let ratePerCoreYear: Double
    /// Whether the solar cycle modulates the rate.
    public let followsSolarCycle: Bool
    /// Whether storms multiply the rate.
    public let boostedByStorms: Bool

    /// A model; see the stored properties.
    public init(ratePerCoreYear: Double, followsSolarCycle: Bool = true, boostedByStorms: Bool = true) {
        precondition(ratePerCoreYear >= 0 && ratePerCoreYear.isFinite)
        self.ratePerCoreYear = ratePerCoreYear
        self.followsSolarCycle = followsSolarCycle
        self.boostedByStorms = boostedByStorms
    }

    /// One `core<k>` event per core that latches up during the mission, at its first event time, sorted by time.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        environment.firstFailures(
            of: (0..<cores.count).map(Component.core), baseRate: ratePerCoreYear, solarCycle: followsSolarCycle,
            storms: boostedByStorms, kind: .coreLatchup, rng: &rng)
    }

    /// Reads the model from a scenario's `failures[i]` object.
    public static func decode(_ field: JSONField) throws(InputError) -> CoreLatchupModel {
        let (cycle, storms) = try FailureRate.decodeModulation(field)
        return CoreLatchupModel(
            ratePerCoreYear: try FailureRate.decode(field), followsSolarCycle: cycle, boostedByStorms: storms)
    }
}

import NeuroFailCore

/// Single-event latch-up from heavy ions: each selected component fails at the first event of its own Poisson
/// process of rate `ratePerYear · cycle(t) · storm(t)` (see ``SpaceEnvironment``), drawn exactly by thinning.
///
/// `ratePerYear` is per component-year and, with the usual normalised solar cycle (mean factor 1), the
/// cycle-average rate. Use ``FailureRate/perYear(fluxPerCm2PerDay:crossSectionCm2:)`` to derive it from a flux and a
/// cross-section. Scenario form:
/// `{"model": "radiation-latchup", "components": "neurons", "flux": 6.4e-4, "crossSection": 0.02}`
/// (optional `layers`, `solarCycle`: true, `storms`: true).
public struct RadiationLatchupModel: FailureModel, Hashable {
    /// `radiation-latchup`.
    public static let tag = "radiation-latchup"
    /// Failures per component-year, before modulation (≥ 0, finite).
    public let ratePerYear: Double
    /// The components exposed.
    public let selection: ComponentSelection
    /// Whether the solar cycle modulates the rate.
    public let followsSolarCycle: Bool
    /// Whether storms multiply the rate.
    public let boostedByStorms: Bool

    /// A model; see the stored properties.
    public init(
        ratePerYear: Double, selection: ComponentSelection = .allNeurons, followsSolarCycle: Bool = true,
        boostedByStorms: Bool = true
    ) {
        precondition(ratePerYear >= 0 && ratePerYear.isFinite)
        self.ratePerYear = ratePerYear
        self.selection = selection
        self.followsSolarCycle = followsSolarCycle
        self.boostedByStorms = boostedByStorms
    }

    /// One `latchup` event per selected component whose first event falls within the mission, sorted by time.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        environment.firstFailures(
            of: selection.components(of: chip), baseRate: ratePerYear, solarCycle: followsSolarCycle,
            storms: boostedByStorms, kind: .latchup, rng: &rng)
    }

    /// Reads the model from a scenario's `failures[i]` object.
    public static func decode(_ field: JSONField, chip: Chip) throws(InputError) -> RadiationLatchupModel {
        let (cycle, storms) = try FailureRate.decodeModulation(field)
        return RadiationLatchupModel(
            ratePerYear: try FailureRate.decode(field), selection: try ComponentSelection.decode(field, chip: chip),
            followsSolarCycle: cycle, boostedByStorms: storms)
    }
}

import NeuroFailCore

/// Single-event latch-up from heavy ions: each selected component fails at the first event of its own Poisson
/// process of rate `ratePerYear · modulation(t)` (see ``SpaceEnvironment``), drawn exactly by thinning.
///
/// In the legacy form `ratePerYear` is per component-year and, with the usual normalised solar cycle (mean factor
/// 1), the cycle-average rate (``FailureRate/perYear(fluxPerCm2PerDay:crossSectionCm2:)`` derives it from a flux and
/// a cross-section). In the component form a `crossSection` alone gives `ratePerYear` = σ × 365.25, which the
/// environment's GCR and SPE fluxes turn into a rate. Scenario form:
/// `{"model": "radiation-latchup", "components": "neurons", "crossSection": 4.6e-6}` (component form; legacy:
/// `"flux": 6.4e-4, "crossSection": ...`, or `rate`), optional `layers`, `solarCycle`, `storms`. A cross-section
/// larger than the declared `areaCm2` of its components is refused.
public struct RadiationLatchupModel: FailureModel, Hashable {
    /// `radiation-latchup`.
    public static let tag = "radiation-latchup"
    /// Failures per component-year before modulation, or σ × 365.25 for a flux exposure (≥ 0, finite).
    public let ratePerYear: Double
    /// The components exposed.
    public let selection: ComponentSelection
    /// How the rate meets the space weather: the solar cycle, storms, and whether the rate is a cross-section that
    /// meets the environment's flux (the component form).
    public let exposure: RadiationExposure

    /// A model; see the stored properties.
    public init(
        ratePerYear: Double, selection: ComponentSelection = .allNeurons, followsSolarCycle: Bool = true,
        boostedByStorms: Bool = true, fluxDriven: Bool = false
    ) {
        precondition(ratePerYear >= 0 && ratePerYear.isFinite)
        self.ratePerYear = ratePerYear
        self.selection = selection
        exposure = RadiationExposure(solarCycle: followsSolarCycle, storms: boostedByStorms, flux: fluxDriven)
    }

    /// One `latchup` event per selected component whose first event falls within the mission, sorted by time.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        environment.firstFailures(
            of: selection.components(of: chip), baseRate: ratePerYear, exposure: exposure, kind: .latchup, rng: &rng)
    }

    /// Reads the model from a scenario's `failures[i]` object.
    public static func decode(
        _ field: JSONField, chip: Chip, context: FailureRate.Context = FailureRate.Context()
    ) throws(InputError) -> RadiationLatchupModel {
        let (selection, rate, exposure) = try FailureRate.decodeSelected(field, chip: chip, context: context)
        return RadiationLatchupModel(
            ratePerYear: rate, selection: selection, followsSolarCycle: exposure.solarCycle,
            boostedByStorms: exposure.storms, fluxDriven: exposure.flux)
    }
}

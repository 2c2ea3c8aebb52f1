/// How a radiation model's base rate meets the space weather (``SpaceEnvironment``).
///
/// - `scaled` (the legacy form, and rates measured in flight): the base rate is events per component-year and is
///   multiplied by the dimensionless solar-cycle factor (if `solarCycle`) and by the active storm's multiplier (if
///   `storms`).
/// - `flux` (the component form, a model that gives only a `crossSection`): the base rate is σ × 365.25 (cm²·day per
///   year) and is multiplied by the heavy-ion flux of the environment at mission time t (/cm²/day above the
///   environment's LET): the galactic-cosmic-ray flux of the date (at its cycle mean if not `solarCycle`), replaced
///   during a solar particle event by the event's flux (if `storms`).
public struct RadiationExposure: Sendable, Hashable {
    /// Whether the rate follows the solar cycle.
    public var solarCycle: Bool
    /// Whether storms (solar particle events) act on the rate.
    public var storms: Bool
    /// Whether the base rate is a cross-section times 365.25 that the environment's flux turns into a rate.
    public var flux: Bool

    /// An exposure; see the stored properties.
    public init(solarCycle: Bool, storms: Bool, flux: Bool = false) {
        self.solarCycle = solarCycle
        self.storms = storms
        self.flux = flux
    }
}

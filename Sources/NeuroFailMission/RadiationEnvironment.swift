import NeuroFailCore

/// The component form of a scenario's `environment`: the heavy-ion flux of an orbit as two cited components, not one
/// worst-case flux modulated twice (Docs/scenario-format.md, Docs/scenarios.md).
///
/// - Galactic cosmic rays (GCR): a quiet flux anti-correlated with the solar cycle, `gcrFluxAtMinimum` at each solar
///   minimum and `gcrFluxAtMaximum` at each maximum, a cosine in between (``SolarCycle`` with the fluxes as factors).
/// - Solar particle events (SPE, ``SolarParticleEvents``): events whose rate follows solar activity, each with its own
///   flux for its duration.
///
/// Both are integral fluxes (/cm²/day) of ions with LET above `letThreshold` (MeV·cm²/mg) behind the stated
/// `shielding`, in the stated `orbit`. During an event the event's flux *replaces* the quiet flux: CREME96's
/// worst-week, worst-day and peak spectra include the GCR background, so adding them would count the background
/// twice (the decoder refuses an event flux below the GCR flux at solar minimum).
public struct RadiationEnvironment: Sendable, Hashable {
    /// Free text naming the orbit (e.g. "ISS: 51.6°, 400 km").
    public let orbit: String
    /// Free text naming the shielding (e.g. "2.54 mm Al (100 mil)").
    public let shielding: String
    /// The LET (MeV·cm²/mg) the fluxes are above.
    public let letThreshold: Double
    /// The GCR flux as a function of the date (its factors are /cm²/day: the flux at minimum and at maximum).
    public let gcr: SolarCycle
    /// The solar particle events, if any.
    public let spe: SolarParticleEvents?

    /// An environment; see the stored properties. `spe.flux` must be at least `gcr.minimumFactor` (the decoder checks).
    public init(orbit: String, shielding: String, letThreshold: Double, gcr: SolarCycle, spe: SolarParticleEvents?) {
        self.orbit = orbit
        self.shielding = shielding
        self.letThreshold = letThreshold
        self.gcr = gcr
        self.spe = spe
    }

    /// The GCR flux's cycle mean, /cm²/day.
    public var gcrMeanFlux: Double { (gcr.minimumFactor + gcr.maximumFactor) / 2 }

    /// The GCR flux's shape with mean 1: the solar-cycle factor of a rate given directly (`rate`) that follows the
    /// cycle (flat without GCR).
    public var gcrShape: SolarCycle {
        let mean = gcrMeanFlux
        guard mean > 0 else { return SolarCycle(lastMinimumYear: gcr.lastMinimumYear, periodYears: gcr.periodYears) }
        return SolarCycle(
            lastMinimumYear: gcr.lastMinimumYear, periodYears: gcr.periodYears,
            minimumFactor: gcr.minimumFactor / mean, maximumFactor: gcr.maximumFactor / mean)
    }

    /// The space weather of one run: the events drawn from `rng`.
    public func sample(startYear: Double, durationYears: Double, rng: inout Xoshiro256) -> SpaceEnvironment {
        SpaceEnvironment(
            startYear: startYear, durationYears: durationYears, solarCycle: gcrShape,
            storms: spe?.sample(startYear: startYear, missionYears: durationYears, rng: &rng) ?? [],
            fluxes: .init(gcr: gcr, spe: spe?.flux ?? 0))
    }

    /// Whether `environment` is in the component form (it has `gcr` or `spe`).
    static func isComponentForm(_ field: JSONField) -> Bool {
        field.isPresent && (field["gcr"].isPresent || field["spe"].isPresent)
    }

    /// Reads the component form of `environment`; errors name the field.
    static func decode(_ field: JSONField) throws(InputError) -> RadiationEnvironment {
        try Scenario.rejectUnknownKeys(
            field, allowed: ["orbit", "shielding", "letThreshold", "solarCycle", "gcr", "spe", "note"])
        for key in ["orbit", "shielding", "letThreshold"] where !field[key].isPresent {
            throw field[key].invalid("missing: the component form (gcr, spe) states its orbit, shielding and the LET its fluxes are above")
        }
        var minimum = SolarCycle.cycle25Minimum
        var period = 11.0
        let c = field["solarCycle"]
        if c.isPresent {
            try Scenario.rejectUnknownKeys(c, allowed: ["lastMinimum", "periodYears", "note"])
            minimum = try Scenario.decodeMinimum(c["lastMinimum"]) ?? minimum
            if c["periodYears"].isPresent { period = try c["periodYears"].positiveNumber() }
        }
        var gcr = SolarCycle(lastMinimumYear: minimum, periodYears: period, minimumFactor: 0, maximumFactor: 0)
        let g = field["gcr"]
        if g.isPresent {
            try Scenario.rejectUnknownKeys(g, allowed: ["fluxAtMinimum", "fluxAtMaximum", "note"])
            let atMinimum = try g["fluxAtMinimum"].nonNegativeNumber()
            let atMaximum = try g["fluxAtMaximum"].nonNegativeNumber()
            guard atMaximum <= atMinimum else {
                throw g["fluxAtMaximum"].invalid(
                    "must be <= fluxAtMinimum (\(JSONValue.format(atMinimum))): galactic cosmic rays are strongest at solar minimum")
            }
            gcr = SolarCycle(lastMinimumYear: minimum, periodYears: period, minimumFactor: atMinimum, maximumFactor: atMaximum)
        }
        var spe: SolarParticleEvents?
        let s = field["spe"]
        if s.isPresent {
            try Scenario.rejectUnknownKeys(
                s, allowed: ["flux", "durationDays", "ratePerYearAtMinimum", "ratePerYearAtMaximum", "note"])
            let flux = try s["flux"].nonNegativeNumber()
            guard flux >= gcr.minimumFactor else {
                throw s["flux"].invalid(
                    "must be >= gcr.fluxAtMinimum (\(JSONValue.format(gcr.minimumFactor))): an event's flux replaces the quiet flux and includes it")
            }
            let days = try s["durationDays"].positiveNumber()
            guard days >= 1e-6 else {
                throw s["durationDays"].invalid("must be >= 1e-6 (days), found \(JSONValue.format(days))")
            }
            spe = SolarParticleEvents(
                ratePerYearAtMinimum: try s["ratePerYearAtMinimum"].nonNegativeNumber(),
                ratePerYearAtMaximum: try s["ratePerYearAtMaximum"].nonNegativeNumber(),
                durationYears: days / MissionCalendar.daysPerYear, flux: flux, lastMinimumYear: minimum,
                periodYears: period)
        }
        return RadiationEnvironment(
            orbit: try field["orbit"].string(), shielding: try field["shielding"].string(),
            letThreshold: try field["letThreshold"].nonNegativeNumber(), gcr: gcr, spe: spe)
    }
}

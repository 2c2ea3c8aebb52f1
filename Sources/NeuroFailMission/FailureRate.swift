import NeuroFailCore

/// Reading failure rates from scenario files, always converted to events per component-year.
///
/// A model gives either `rate` with an optional `rateUnit` (`per-year`, the default, `per-day` or `per-hour`), or a
/// heavy-ion `flux` (particles /cm²/day above the device's threshold LET) with a saturated `crossSection` (cm²):
/// λ = flux × σ × 365.25 per year (ECSS-E-ST-10-12C; TI SBOK044B §10), or a `weibull` cross-section curve folded
/// with a LET spectrum (``WeibullCrossSection``), where the model's keys allow it.
public enum FailureRate {
    /// λ per year from a flux in /cm²/day and a cross-section in cm².
    public static func perYear(fluxPerCm2PerDay flux: Double, crossSectionCm2 sigma: Double) -> Double {
        flux * sigma * MissionCalendar.daysPerYear
    }

    /// The rate of the model object `field`, per component-year; errors name `rate`, `rateUnit`, `flux`,
    /// `crossSection` or the `weibull` field.
    public static func decode(_ field: JSONField) throws(InputError) -> Double {
        if field["weibull"].isPresent {
            for key in ["rate", "flux", "crossSection"] where field[key].isPresent {
                throw field[key].invalid("give either weibull or \(key), not both")
            }
            return try WeibullCrossSection.decode(field["weibull"]).ratePerYear
        }
        let rate = try decodeUnchecked(field)
        guard rate.isFinite else {
            throw field[field["rate"].isPresent ? "rate" : "flux"].invalid("gives a rate too large to represent")
        }
        return rate
    }

    private static func decodeUnchecked(_ field: JSONField) throws(InputError) -> Double {
        let hasRate = field["rate"].isPresent
        let hasFlux = field["flux"].isPresent || field["crossSection"].isPresent
        if hasRate && hasFlux {
            throw field["rate"].invalid("give either rate or flux and crossSection, not both")
        }
        if hasFlux {
            return perYear(
                fluxPerCm2PerDay: try field["flux"].nonNegativeNumber(),
                crossSectionCm2: try field["crossSection"].nonNegativeNumber())
        }
        guard hasRate else { throw field["rate"].invalid("missing (or give flux and crossSection)") }
        let rate = try field["rate"].nonNegativeNumber()
        guard field["rateUnit"].isPresent else { return rate }
        switch try field["rateUnit"].string() {
        case "per-year": return rate
        case "per-day": return rate * MissionCalendar.daysPerYear
        case "per-hour": return rate * MissionCalendar.daysPerYear * 24
        case let other:
            throw field["rateUnit"].invalid(
                "unknown unit \"\(other)\", expected \"per-year\", \"per-day\" or \"per-hour\"")
        }
    }

    /// What a radiation model's rate depends on beyond its own object: the form of the scenario's environment and the
    /// component areas the scenario declares.
    public struct Context: Sendable, Hashable {
        /// Whether the environment is in the component form (``RadiationEnvironment``): a model's `crossSection` alone
        /// then meets the environment's fluxes.
        public var componentForm: Bool
        /// The declared areas (`areaCm2`).
        public var areas: ComponentArea

        /// A context; by default the legacy form with no declared area.
        public init(componentForm: Bool = false, areas: ComponentArea = .undeclared) {
            self.componentForm = componentForm
            self.areas = areas
        }
    }

    /// A radiation model's base rate and its ``RadiationExposure``, read from the model object `field`:
    ///
    /// - legacy form: `rate` or `flux` × `crossSection` as ``decode(_:)``, modulated by the switches
    ///   ``decodeModulation(_:)`` (both default true);
    /// - component form: `crossSection` alone (cm²) meets the environment's flux (base rate σ × 365.25; `solarCycle`
    ///   and `storms` default true: the GCR flux follows the cycle, events replace it); a `rate` given directly is
    ///   flown constant (or following the GCR shape with `"solarCycle": true`): it is an average that already includes
    ///   the events, so `"storms": true` is refused; `flux` is refused (the environment gives it).
    ///
    /// Either way a `crossSection` or a `weibull.saturation` larger than one of `bounds` (the declared areas of the
    /// model's components) is refused. A `weibull` curve folded with its LET spectrum counts as a rate given directly.
    public static func decodeRadiation(
        _ field: JSONField, context: Context, bounds: [(name: String, area: Double)]
    ) throws(InputError) -> (rate: Double, exposure: RadiationExposure) {
        var given: Double?
        if field["weibull"].isPresent {
            for key in ["rate", "flux", "crossSection"] where field[key].isPresent {
                throw field[key].invalid("give either weibull or \(key), not both")
            }
            let curve = try WeibullCrossSection.decode(field["weibull"])
            try ComponentArea.check(curve.saturation, in: bounds, field: field["weibull"]["saturation"])
            given = curve.ratePerYear
        }
        if field["crossSection"].isPresent {
            try ComponentArea.check(try field["crossSection"].nonNegativeNumber(), in: bounds, field: field["crossSection"])
        }
        guard context.componentForm else {
            let (cycle, storms) = try decodeModulation(field)
            return (try rate(given: given, field), RadiationExposure(solarCycle: cycle, storms: storms))
        }
        if field["flux"].isPresent {
            throw field["flux"].invalid(
                "the environment gives the fluxes (environment.gcr, environment.spe): give crossSection alone, or rate")
        }
        if given == nil, field["crossSection"].isPresent {
            if field["rate"].isPresent { throw field["rate"].invalid("give either rate or crossSection, not both") }
            let (cycle, storms) = try decodeModulation(field)
            let sigma = try field["crossSection"].nonNegativeNumber()
            return (sigma * MissionCalendar.daysPerYear, RadiationExposure(solarCycle: cycle, storms: storms, flux: true))
        }
        if field["storms"].isPresent, try field["storms"].bool() {
            throw field["storms"].invalid(
                "a rate given directly is an average that already includes solar particle events: give crossSection to have environment.spe act on it")
        }
        let cycle = field["solarCycle"].isPresent ? try field["solarCycle"].bool() : false
        return (try rate(given: given, field), RadiationExposure(solarCycle: cycle, storms: false))
    }

    /// A per-component model's selection (`components`, `layers`) with its ``decodeRadiation(_:context:bounds:)``,
    /// the cross-section bounded by the declared areas of the selected kinds.
    public static func decodeSelected(_ field: JSONField, chip: Chip, context: Context) throws(InputError)
        -> (selection: ComponentSelection, rate: Double, exposure: RadiationExposure)
    {
        let selection = try ComponentSelection.decode(field, chip: chip)
        let (rate, exposure) = try decodeRadiation(field, context: context, bounds: context.areas.bounds(for: selection))
        return (selection, rate, exposure)
    }

    /// `given` if there is one, else the model's own `rate` or `flux` × `crossSection`.
    private static func rate(given: Double?, _ field: JSONField) throws(InputError) -> Double {
        if let given { return given }
        return try decode(field)
    }

    /// The optional `solarCycle` and `storms` switches of a radiation model (both default to true).
    public static func decodeModulation(_ field: JSONField) throws(InputError) -> (solarCycle: Bool, storms: Bool) {
        (
            field["solarCycle"].isPresent ? try field["solarCycle"].bool() : true,
            field["storms"].isPresent ? try field["storms"].bool() : true
        )
    }

    /// A probability: a number in [0, 1]; errors name the field.
    public static func decodeProbability(_ field: JSONField) throws(InputError) -> Double {
        let p = try field.number()
        guard (0...1).contains(p) else {
            throw field.invalid("a probability must be in [0, 1], found \(JSONValue.format(p))")
        }
        return p
    }
}

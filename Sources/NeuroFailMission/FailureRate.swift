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

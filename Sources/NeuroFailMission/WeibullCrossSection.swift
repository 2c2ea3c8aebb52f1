import Foundation
import NeuroFailCore

/// A per-bit upset cross-section as a function of LET, the Weibull form of ECSS-E-ST-10-12C (section 9),
/// σ(L) = σ_sat · (1 − exp(−((L − L_th) / W)^s)) for L > L_th and 0 below, with an integral LET spectrum
/// Φ(> L) (particles /cm²/day with LET above L, as CREME96 or SPENVIS give it) to fold it with.
///
/// The rate per bit is ∫ σ dΦ. Between two spectrum points L_i < L_(i+1) arrive Φ_i − Φ_(i+1) particles, each with
/// σ ≤ σ(L_(i+1)) (σ is non-decreasing); above the last point Φ_n particles, each with σ ≤ σ_sat. So
/// rate = Σ_i (Φ_i − Φ_(i+1)) σ(L_(i+1)) + Φ_n σ_sat per day: an upper estimate, exact as the points get dense.
/// The spectrum must start at or below L_th (particles below its first point are not counted).
///
/// Scenario form: `"weibull": {"saturation": 1e-8, "threshold": 1.5, "width": 20, "shape": 1.5,
/// "spectrum": [[1, 2.1e2], [10, 1.3], [40, 6.4e-4]]}` (cm², MeV·cm²/mg, and [LET, /cm²/day] pairs).
public struct WeibullCrossSection: Sendable, Hashable {
    /// σ_sat in cm² per bit.
    public let saturation: Double
    /// L_th, W in MeV·cm²/mg, and s.
    public let threshold: Double, width: Double, shape: Double
    /// (L, Φ(> L)) in increasing L, non-increasing Φ.
    public let spectrum: [(let: Double, flux: Double)]

    /// σ(L) in cm².
    public func sigma(_ l: Double) -> Double {
        l <= threshold ? 0 : saturation * -expm1(-pow((l - threshold) / width, shape))
    }

    /// Upsets per bit-day, folded as above.
    public var ratePerDay: Double {
        var rate = 0.0
        for (a, b) in zip(spectrum, spectrum.dropFirst()) { rate += (a.flux - b.flux) * sigma(b.let) }
        return rate + (spectrum.last?.flux ?? 0) * saturation
    }

    /// Upsets per bit-year.
    public var ratePerYear: Double { ratePerDay * MissionCalendar.daysPerYear }

    public static func == (a: WeibullCrossSection, b: WeibullCrossSection) -> Bool {
        (a.saturation, a.threshold, a.width, a.shape) == (b.saturation, b.threshold, b.width, b.shape)
            && a.spectrum.map(\.let) == b.spectrum.map(\.let) && a.spectrum.map(\.flux) == b.spectrum.map(\.flux)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(saturation)
        hasher.combine(spectrum.map(\.flux))
    }

    /// A curve; the caller checks the invariants (``decode(_:)`` does).
    public init(saturation: Double, threshold: Double, width: Double, shape: Double, spectrum: [(let: Double, flux: Double)]) {
        self.saturation = saturation
        self.threshold = threshold
        self.width = width
        self.shape = shape
        self.spectrum = spectrum
    }

    /// Reads the `weibull` object; errors name the field.
    public static func decode(_ field: JSONField) throws(InputError) -> WeibullCrossSection {
        try Scenario.rejectUnknownKeys(field, allowed: ["saturation", "threshold", "width", "shape", "spectrum", "note"])
        let threshold = try field["threshold"].nonNegativeNumber()
        var spectrum = [(let: Double, flux: Double)]()
        let points = try field["spectrum"].array()
        guard !points.isEmpty else { throw field["spectrum"].invalid("must give at least one [LET, flux] point") }
        for (i, point) in points.enumerated() {
            let pair = try point.numbers()
            guard pair.count == 2, pair[0] >= 0, pair[1] >= 0 else {
                throw point.invalid("expected [LET >= 0, integral flux >= 0]")
            }
            if let last = spectrum.last, !(pair[0] > last.let && pair[1] <= last.flux) {
                throw point.invalid("point \(i): LET must increase and the integral flux must not")
            }
            spectrum.append((pair[0], pair[1]))
        }
        guard spectrum[0].let <= threshold else {
            throw field["spectrum"].invalid(
                "starts at LET \(JSONValue.format(spectrum[0].let)), above the threshold \(JSONValue.format(threshold)): "
                    + "particles below it would not be counted")
        }
        let curve = WeibullCrossSection(
            saturation: try field["saturation"].nonNegativeNumber(), threshold: threshold,
            width: try field["width"].positiveNumber(), shape: try field["shape"].positiveNumber(), spectrum: spectrum)
        guard curve.ratePerYear.isFinite else { throw field.invalid("gives a rate too large to represent") }
        return curve
    }
}

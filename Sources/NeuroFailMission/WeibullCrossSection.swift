import Foundation
import NeuroFailCore

/// A cross-section as a function of LET, the Weibull form of ECSS-E-ST-10-12C (section 9),
/// σ(L) = σ_sat · (1 − exp(−((L − L_th) / W)^s)) for L > L_th and 0 below (onset LET L_th, width W, shape s,
/// saturated σ_sat), with an integral LET spectrum Φ(> L) (particles /cm²/day with LET above L, as CREME96 or
/// SPENVIS give it) to fold it with: per bit for `seu`, per component for the latch-up models.
///
/// The rate is the Stieltjes integral ∫ σ dΦ over the particles. A table gives Φ only at its points
/// L_1 < … < L_n; between two of them arrive Φ_i − Φ_(i+1) particles, each with σ(L_i) ≤ σ ≤ σ(L_(i+1)) (σ is
/// non-decreasing), and above the last point Φ_n particles with σ(L_n) ≤ σ ≤ σ_sat. Whatever the spectrum does
/// between its points, the rate therefore lies in
///
///     lower = Σ_i (Φ_i − Φ_(i+1)) σ(L_i)     + Φ_n σ(L_n)
///     upper = Σ_i (Φ_i − Φ_(i+1)) σ(L_(i+1)) + Φ_n σ_sat
///
/// per day, and both meet as the points get dense. ``Fold`` picks the one flown: `upper` (the default, conservative),
/// `lower`, or `loglog`, the integral with Φ interpolated as a power law between points (straight on log–log
/// axes, as spectra are plotted and CREME96 interpolates them; linearly in a segment that starts at LET 0 or ends at
/// flux 0, where a power law cannot), computed by the trapezoid rule in Φ on ``segmentSteps`` steps per segment,
/// whose error is at most (upper − lower) / (2 · ``segmentSteps``) because σ(L(Φ)) is monotone; its tail above the
/// last point is counted at σ_sat, as in `upper`. The spectrum must start at or below L_th (particles below its first
/// point are not counted) and L_th must lie below its last LET.
///
/// Scenario form: `"weibull": {"saturation": 1e-8, "threshold": 1.5, "width": 20, "shape": 1.5,
/// "spectrum": [[1, 2.1e2], [10, 1.3], [40, 6.4e-4]]}` (cm², MeV·cm²/mg, and [LET, /cm²/day] pairs), or instead
/// of `spectrum` a table file, `"spectrumFile": "spectra/x.txt", "letUnit": "MeV-cm2/g", "fluxUnit": "per-m2-s-sr"`
/// (``LETSpectrumFile``), and optionally `"fold": "upper" | "lower" | "loglog"`.
public struct WeibullCrossSection: Sendable, Hashable {
    /// Which value of the integral a model flies.
    public enum Fold: String, Sendable, Hashable, CaseIterable {
        /// Each tabulated particle at the σ of the upper end of its interval: never below the true rate.
        case upper
        /// Each at the σ of the lower end: never above it.
        case lower
        /// The spectrum interpolated log–log between its points, integrated (error bound above).
        case logLog = "loglog"
    }

    /// Trapezoid steps per spectrum segment of the `loglog` fold.
    public static let segmentSteps = 4096

    /// σ_sat in cm² (per bit or per component).
    public let saturation: Double
    /// L_th, W in MeV·cm²/mg, and s.
    public let threshold: Double, width: Double, shape: Double
    /// (L, Φ(> L)) in increasing L, non-increasing Φ; L in MeV·cm²/mg, Φ in /cm²/day.
    public let spectrum: [(let: Double, flux: Double)]
    /// The value flown.
    public let fold: Fold

    /// σ(L) in cm².
    public func sigma(_ l: Double) -> Double {
        l <= threshold ? 0 : saturation * -expm1(-pow((l - threshold) / width, shape))
    }

    /// Events per day (per bit or per component) by ``fold``.
    public var ratePerDay: Double {
        switch fold {
        case .upper: return upperRatePerDay
        case .lower: return lowerRatePerDay
        case .logLog: return logLogRatePerDay
        }
    }

    /// The upper sum: each particle at the σ of its interval's upper end, the tail at σ_sat.
    public var upperRatePerDay: Double {
        var rate = 0.0
        for (a, b) in zip(spectrum, spectrum.dropFirst()) { rate += (a.flux - b.flux) * sigma(b.let) }
        return rate + (spectrum.last?.flux ?? 0) * saturation
    }

    /// The lower sum: each particle at the σ of its interval's lower end, the tail at σ(L_n).
    public var lowerRatePerDay: Double {
        var rate = 0.0
        for (a, b) in zip(spectrum, spectrum.dropFirst()) { rate += (a.flux - b.flux) * sigma(a.let) }
        guard let last = spectrum.last else { return rate }
        return rate + last.flux * sigma(last.let)
    }

    /// The log–log interpolated integral, the tail at σ_sat.
    public var logLogRatePerDay: Double {
        var rate = 0.0
        for (a, b) in zip(spectrum, spectrum.dropFirst()) where a.flux > b.flux { rate += segment(a, b) }
        return rate + (spectrum.last?.flux ?? 0) * saturation
    }

    /// The bound (upper − lower) / (2 · steps) on the `loglog` value's numerical error, per day.
    public var logLogErrorBound: Double {
        var gap = 0.0
        for (a, b) in zip(spectrum, spectrum.dropFirst()) { gap += (a.flux - b.flux) * (sigma(b.let) - sigma(a.let)) }
        return gap / Double(2 * Self.segmentSteps)
    }

    /// ∫ σ dΦ over one segment, Φ from Φ_a down to Φ_b, by the trapezoid rule in Φ: L(Φ) inverts the power law
    /// Φ = Φ_a (L/L_a)^(−γ), or the straight line where a power law cannot join the points.
    private func segment(_ a: (let: Double, flux: Double), _ b: (let: Double, flux: Double)) -> Double {
        let n = Self.segmentSteps
        let powerLaw = a.let > 0 && b.flux > 0
        let gamma = powerLaw ? log(a.flux / b.flux) / log(b.let / a.let) : 0
        func letAt(_ flux: Double) -> Double {
            if powerLaw { return a.let * pow(flux / a.flux, -1 / gamma) }
            return a.let + (b.let - a.let) * (a.flux - flux) / (a.flux - b.flux)
        }
        let h = (a.flux - b.flux) / Double(n)
        var sum = (sigma(a.let) + sigma(b.let)) / 2
        for k in 1..<n { sum += sigma(letAt(a.flux - Double(k) * h)) }
        return sum * h
    }

    /// Events per year (per bit or per component).
    public var ratePerYear: Double { ratePerDay * MissionCalendar.daysPerYear }

    public static func == (a: WeibullCrossSection, b: WeibullCrossSection) -> Bool {
        (a.saturation, a.threshold, a.width, a.shape) == (b.saturation, b.threshold, b.width, b.shape) && a.fold == b.fold
            && a.spectrum.map(\.let) == b.spectrum.map(\.let) && a.spectrum.map(\.flux) == b.spectrum.map(\.flux)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(saturation)
        hasher.combine(spectrum.map(\.flux))
    }

    /// A curve; the caller checks the invariants (``decode(_:)`` does).
    public init(
        saturation: Double, threshold: Double, width: Double, shape: Double, spectrum: [(let: Double, flux: Double)],
        fold: Fold = .upper
    ) {
        self.saturation = saturation
        self.threshold = threshold
        self.width = width
        self.shape = shape
        self.spectrum = spectrum
        self.fold = fold
    }

    /// The keys of the `weibull` object.
    static let keys: Set<String> = [
        "saturation", "threshold", "width", "shape", "spectrum", "spectrumFile", "letUnit", "fluxUnit", "fold", "note",
    ]

    /// Reads the `weibull` object; a `spectrumFile` is resolved against the scenario's folder (`field.file`'s).
    /// Errors name the field, or the spectrum file and its line.
    public static func decode(_ field: JSONField) throws(InputError) -> WeibullCrossSection {
        try Scenario.rejectUnknownKeys(field, allowed: keys)
        let saturation = try field["saturation"].nonNegativeNumber()
        let threshold = try field["threshold"].nonNegativeNumber()
        let width = try field["width"].positiveNumber()
        let shape = try field["shape"].positiveNumber()
        let spectrum = try decodeSpectrum(field)
        guard spectrum[0].let <= threshold else {
            throw field[field["spectrum"].isPresent ? "spectrum" : "spectrumFile"].invalid(
                "starts at LET \(JSONValue.format(spectrum[0].let)), above the threshold \(JSONValue.format(threshold)) (MeV-cm2/mg): "
                    + "particles below it would not be counted")
        }
        if let last = spectrum.last, threshold >= last.let {
            throw field["threshold"].invalid(
                "onset LET \(JSONValue.format(threshold)) is at or above the spectrum's last LET \(JSONValue.format(last.let)) (MeV-cm2/mg): "
                    + "the table says nothing about the particles that can cause an event")
        }
        var fold = Fold.upper
        if field["fold"].isPresent {
            let text = try field["fold"].string()
            guard let chosen = Fold(rawValue: text) else {
                throw field["fold"].invalid("unknown fold \"\(text)\", expected \"upper\", \"lower\" or \"loglog\"")
            }
            fold = chosen
        }
        let curve = WeibullCrossSection(
            saturation: saturation, threshold: threshold, width: width, shape: shape, spectrum: spectrum, fold: fold)
        guard curve.upperRatePerDay * MissionCalendar.daysPerYear < .infinity else { throw field.invalid("gives a rate too large to represent") }
        return curve
    }

    /// The inline `spectrum` or the `spectrumFile` table in its `letUnit` and `fluxUnit`, in MeV·cm²/mg and
    /// /cm²/day.
    private static func decodeSpectrum(_ field: JSONField) throws(InputError) -> [(let: Double, flux: Double)] {
        let inline = field["spectrum"].isPresent, file = field["spectrumFile"].isPresent
        guard inline != file else {
            throw field[inline ? "spectrumFile" : "spectrum"].invalid(
                inline ? "give either spectrum or spectrumFile, not both" : "missing (or give spectrumFile, letUnit and fluxUnit)")
        }
        guard file else {
            for key in ["letUnit", "fluxUnit"] where field[key].isPresent {
                throw field[key].invalid("only for a spectrumFile: an inline spectrum is in MeV-cm2/mg and /cm2/day")
            }
            return try decodeInline(field["spectrum"])
        }
        func unit<U: RawRepresentable & CaseIterable>(_ key: String, _: U.Type) throws(InputError) -> U where U.RawValue == String {
            let text = try field[key].string()
            guard let unit = U(rawValue: text) else {
                let known = U.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                throw field[key].invalid("unknown unit \"\(text)\", expected \(known)")
            }
            return unit
        }
        let letUnit = try unit("letUnit", LETSpectrumFile.LETUnit.self)
        let fluxUnit = try unit("fluxUnit", LETSpectrumFile.FluxUnit.self)
        let given = try field["spectrumFile"].string()
        // The scenario's folder by hand: Foundation's deletingLastPathComponent traps on a bare name ("w") on Linux.
        let directory = field.file.lastIndex(of: "/").map { String(field.file[...$0]) } ?? "./"
        let path = given.hasPrefix("/") ? given : Scenario.lexicallyNormalized(directory + given)
        do {
            return try LETSpectrumFile.load(path: path, letUnit: letUnit, fluxUnit: fluxUnit)
        } catch let .unreadable(_, reason) {
            throw field["spectrumFile"].invalid("\(path): \(reason)")
        }
    }

    /// `spectrum`: [LET, integral flux] pairs, LET increasing, flux non-negative and non-increasing.
    private static func decodeInline(_ field: JSONField) throws(InputError) -> [(let: Double, flux: Double)] {
        var spectrum = [(let: Double, flux: Double)]()
        let points = try field.array()
        guard !points.isEmpty else { throw field.invalid("must give at least one [LET, flux] point") }
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
        return spectrum
    }
}

import Foundation
import NeuroFailCore

/// An integral LET spectrum read from a two-column text table: the form CREME96's TABLE routine writes from a `.let`
/// file (LETTAB) and SPENVIS exports. Each data line gives an LET and the integral flux Φ(> LET) of particles whose
/// LET exceeds it, separated by whitespace; header lines start with `%` (CREME96 writes it in the second column, so
/// leading blanks are allowed) or `#`; blank lines are skipped. Fortran exponents (`1.234E+02`, `1.234D+02`) are read.
///
/// The units are the scenario's to state, so that a table in CREME96's units is not read 1,000 or 10⁸ times off:
/// `letUnit` `MeV-cm2/mg` (the unit of test reports) or `MeV-cm2/g` (CREME96's), and `fluxUnit` `per-cm2-day`
/// (NeuroFail's) or `per-m2-s-sr` (CREME96's, nuclei /m²/s/sr). A per-steradian flux is turned into particles per
/// cm² per day over the full sphere, × 4π sr × 10⁻⁴ m²/cm² × 86,400 s/day = × 108.57: ASSUMPTION, an
/// isotropic flux, all of it counted (the omnidirectional flux). For a thin planar sensitive layer whose σ is the
/// normal-incidence one, the cos-weighted fluence is 2π·I, so this overstates its rate by at most 2× (4× if one
/// hemisphere is shielded by the spacecraft): an upper estimate.
public enum LETSpectrumFile {
    /// A unit of LET, with its factor to MeV·cm²/mg.
    public enum LETUnit: String, Sendable, CaseIterable {
        case mevCm2PerMg = "MeV-cm2/mg"
        case mevCm2PerG = "MeV-cm2/g"

        /// The factor that turns a value in this unit into MeV·cm²/mg.
        public var toMeVcm2PerMg: Double { self == .mevCm2PerMg ? 1 : 1e-3 }
    }

    /// A unit of integral flux, with its factor to particles /cm²/day.
    public enum FluxUnit: String, Sendable, CaseIterable {
        case perCm2Day = "per-cm2-day"
        case perM2SecondSteradian = "per-m2-s-sr"

        /// The factor that turns a value in this unit into particles /cm²/day (4π sr for the per-steradian unit).
        public var toPerCm2Day: Double { self == .perCm2Day ? 1 : 4 * Double.pi * 1e-4 * 86_400 }
    }

    /// The (LET in MeV·cm²/mg, Φ in /cm²/day) points of `text`, read from `file` (for messages): LET strictly
    /// increasing, Φ ≥ 0 and non-increasing, at least one point. Errors name the file and the line.
    public static func parse(
        _ text: String, file: String, letUnit: LETUnit, fluxUnit: FluxUnit
    ) throws(InputError) -> [(let: Double, flux: Double)] {
        var points = [(let: Double, flux: Double)]()
        var previousLine = 0
        for (index, raw) in TextInput.lines(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("%") || line.hasPrefix("#") { continue }
            let location = "line \(index + 1)"
            let cells = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard cells.count == 2, let l = number(cells[0]), let f = number(cells[1]) else {
                throw .malformed(
                    file: file, location: location,
                    reason: "expected two numbers, LET and integral flux, found \"\(TextInput.excerpt(line))\"")
            }
            guard l >= 0 else { throw .malformed(file: file, location: location, reason: "LET must be >= 0, found \(JSONValue.format(l))") }
            guard f >= 0 else {
                throw .malformed(file: file, location: location, reason: "integral flux must be >= 0, found \(JSONValue.format(f))")
            }
            let point = (let: l * letUnit.toMeVcm2PerMg, flux: f * fluxUnit.toPerCm2Day)
            if let last = points.last {
                guard point.let > last.let else {
                    throw .malformed(
                        file: file, location: location,
                        reason: "LET must increase: \(JSONValue.format(l)) after line \(previousLine)'s \(JSONValue.format(last.let / letUnit.toMeVcm2PerMg))")
                }
                guard point.flux <= last.flux else {
                    throw .malformed(
                        file: file, location: location,
                        reason: "the integral flux must not increase with LET: \(JSONValue.format(f)) after line \(previousLine)'s \(JSONValue.format(last.flux / fluxUnit.toPerCm2Day))")
                }
            }
            guard point.let.isFinite, point.flux.isFinite else {
                throw .malformed(file: file, location: location, reason: "value too large to represent")
            }
            points.append(point)
            previousLine = index + 1
        }
        guard !points.isEmpty else {
            throw .malformed(file: file, location: "line 1", reason: "no data line: expected lines of two numbers, LET and integral flux")
        }
        return points
    }

    /// Reads and parses the file at `path`.
    public static func load(
        path: String, letUnit: LETUnit, fluxUnit: FluxUnit
    ) throws(InputError) -> [(let: Double, flux: Double)] {
        let data = try InputError.readFile(path)
        guard let text = TextInput.decode(data) else { throw .malformed(file: path, location: "line 1", reason: "not UTF-8 text") }
        return try parse(text, file: path, letUnit: letUnit, fluxUnit: fluxUnit)
    }

    /// A finite number in decimal or Fortran notation (`D` exponent); nil otherwise.
    private static func number(_ cell: Substring) -> Double? {
        let text = cell.replacingOccurrences(of: "D", with: "E").replacingOccurrences(of: "d", with: "e")
        guard let x = Double(text), x.isFinite else { return nil }
        return x
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

/// Missions whose rates come from a Weibull σ(LET) folded with a LET spectrum file: the bundled one flies, and every
/// bad curve or table is refused with one line before anything is written.
struct MissionWeibullSpectrumTests {
    /// Scenarios/leo-10y-weibull.json flies (two runs, no search, to stay quick) and states FIT for the kinds its curves
    /// drive (a core latch-up is an outage, or 1 in 20 permanent).
    @Test func theBundledWeibullScenarioFlies() throws {
        let out = temporaryFolder() + "/w"
        let r = neurofail("mission", repo("Scenarios/leo-10y-weibull.json"), "--runs", "2", "--search", "none", "--out", out, "--json")
        #expect(r.status == 0, "\(r.err)")
        let summary = json(r)
        #expect(summary["boundViolations"] as? Int == 0 && summary["certifiedViolations"] as? Int == 0)
        let kinds = (summary["failureRates"] as? [String: Any])?["kinds"] as? [[String: Any]] ?? []
        #expect(kinds.map { "\($0["kind"] ?? "") \($0["component"] ?? "")" } == ["core-latchup core", "core-outage core", "latchup neuron", "seu weight bit"])
        #expect(FileManager.default.fileExists(atPath: out + "/summary.json"))
    }

    /// A one-model scenario (neuron latch-up from a Weibull curve on `spec.txt`) beside a small chip; `weibull`
    /// replaces the curve's keys, `table` the spectrum file's text (nil: no file written).
    private func scenario(weibull: [String: String] = [:], table: String? = "1 100\n10 1\n30 0.01\n") throws -> String {
        var curve = [
            "saturation": "1e-5", "threshold": "2", "width": "10", "shape": "1.5", "spectrumFile": "\"spec.txt\"",
            "letUnit": "\"MeV-cm2/mg\"", "fluxUnit": "\"per-cm2-day\"",
        ]
        curve.merge(weibull) { $1 }
        let body = curve.keys.sorted().map { "\"\($0)\": \(curve[$0] ?? "")" }.joined(separator: ", ")
        let path = try smallScenario(
            failures: #"[{"model": "radiation-latchup", "components": "neurons", "weibull": {"# + body + "}}]",
            years: 2, runs: 2, workload: 8)
        if let table { try AtomicFile.write(table, to: (path as NSString).deletingLastPathComponent + "/spec.txt") }
        return path
    }

    /// Runs `mission` on `path` and expects one line containing `message`, exit 2, and no output folder.
    private func expectRefused(_ path: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let out = temporaryFolder() + "/never"
        expectBadInput(neurofail("mission", path, "--out", out), message, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written", sourceLocation: sourceLocation)
    }

    @Test func aGoodCurveOnASpectrumFileFlies() throws {
        let r = neurofail("mission", try scenario(), "--out", temporaryFolder() + "/ok", "--search", "none")
        #expect(r.status == 0, "\(r.err)")
    }

    @Test func aTableWhoseLETDoesNotIncreaseIsRefused() throws {
        expectRefused(try scenario(table: "1 100\n10 1\n5 0.5\n"), "spec.txt: line 3: LET must increase: 5 after line 2's 10")
    }

    @Test func aNegativeFluxIsRefused() throws {
        expectRefused(try scenario(table: "1 100\n10 -1\n"), "spec.txt: line 2: integral flux must be >= 0, found -1")
    }

    @Test func anOnsetAtOrAboveTheTablesRangeIsRefused() throws {
        expectRefused(try scenario(weibull: ["threshold": "30"]), "s.json: failures[0].weibull.threshold: onset LET 30 is at or above the spectrum's last LET 30")
    }

    @Test func aShapeOfZeroIsRefused() throws {
        expectRefused(try scenario(weibull: ["shape": "0"]), "s.json: failures[0].weibull.shape: must be > 0, found 0")
    }

    @Test func aNegativeWidthIsRefused() throws {
        expectRefused(try scenario(weibull: ["width": "-3"]), "s.json: failures[0].weibull.width: must be > 0, found -3")
    }

    @Test func aNegativeSaturatedCrossSectionIsRefused() throws {
        expectRefused(try scenario(weibull: ["saturation": "-1e-5"]), "s.json: failures[0].weibull.saturation: must be >= 0, found -1e-05")
    }

    @Test func anEmptySpectrumFileIsRefused() throws {
        expectRefused(try scenario(table: " % CREME96 header only\n"), "spec.txt: line 1: no data line")
    }

    @Test func aMissingOrUnreadableSpectrumFileIsRefused() throws {
        expectRefused(try scenario(table: nil), "s.json: failures[0].weibull.spectrumFile: ")
        expectRefused(try scenario(table: nil), "spec.txt: no such file")
        let folder = try scenario()
        try FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent + "/spec.txt")
        try FileManager.default.createDirectory(atPath: (folder as NSString).deletingLastPathComponent + "/spec.txt", withIntermediateDirectories: false)
        expectRefused(folder, "spec.txt: is a directory")
    }

    @Test func aNonNumericLineIsRefusedWithItsLineNumber() throws {
        expectRefused(try scenario(table: " % header\n1 100\n10 1\n30 n/a\n"), "spec.txt: line 4: expected two numbers, LET and integral flux, found \"30 n/a\"")
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct WeibullCrossSectionTests {
    @Test func theRateFoldsTheCurveWithTheSpectrumAtEachBinsUpperEnd() throws {
        let text = #"{"saturation": 1e-8, "threshold": 1, "width": 10, "shape": 1, "spectrum": [[1, 100], [11, 10], [21, 1]]}"#
        let curve = try WeibullCrossSection.decode(JSONField(value: JSONValue.parse(Data(text.utf8), file: "w"), file: "w"))
        // σ(11) = 1e-8 (1 − e^−1), σ(21) = 1e-8 (1 − e^−2); 90 particles in the first bin, 9 in the second, 1 above.
        let expected = 90 * 1e-8 * (1 - exp(-1.0)) + 9 * 1e-8 * (1 - exp(-2.0)) + 1 * 1e-8
        #expect(abs(curve.ratePerDay - expected) <= 1e-15 * expected * 10)
        #expect(curve.sigma(1) == 0 && curve.sigma(0.5) == 0)
        #expect(abs(curve.ratePerYear - expected * 365.25) <= 1e-12 * expected * 365.25)
    }

    @Test(arguments: [
        (#"{"saturation": 1e-8, "threshold": 1, "width": 10, "shape": 1, "spectrum": [[2, 100]]}"#,
            "w: spectrum: starts at LET 2, above the threshold 1"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 10, "shape": 1, "spectrum": [[1, 100], [5, 200]]}"#,
            "w: spectrum[1]: point 1: LET must increase and the integral flux must not"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 0, "shape": 1, "spectrum": [[1, 100]]}"#, "w: width: must be > 0"),
    ])
    func aBadCurveIsOneLineNamingTheField(text: String, message: String) throws {
        let field = JSONField(value: try JSONValue.parse(Data(text.utf8), file: "w"), file: "w")
        #expect(throws: InputError.self) { try WeibullCrossSection.decode(field) }
        do {
            _ = try WeibullCrossSection.decode(field)
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }
}

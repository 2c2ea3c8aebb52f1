import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct LETSpectrumFileTests {
    /// A LETTAB-style table: `%` header lines (in the second column, as CREME96 writes them), Fortran exponents, LET
    /// in MeV·cm²/g and flux in /m²/s/sr. 2,000 MeV·cm²/g is 2 MeV·cm²/mg; 1 /m²/s/sr over 4π sr is
    /// 4π × 10⁻⁴ × 86,400 = 108.5734421 /cm²/day.
    @Test func readsACREME96TableAndConvertsItsUnits() throws {
        let text = " % CREME96 LETTAB\n % LET (MeV-cm2/g)  flux (/m2-s-sr)\n\n  2.0000E+03  1.0000E+00\r\n  4.0000D+04  2.5E-03\n"
        let points = try LETSpectrumFile.parse(text, file: "s.txt", letUnit: .mevCm2PerG, fluxUnit: .perM2SecondSteradian)
        #expect(points.map(\.let) == [2, 40])
        #expect(abs(points[0].flux - 108.5734421) < 1e-6)
        #expect(abs(points[1].flux - 2.5e-3 * 108.5734421) < 1e-9)
        let same = try LETSpectrumFile.parse("1 5\n2 5\n", file: "s.txt", letUnit: .mevCm2PerMg, fluxUnit: .perCm2Day)
        #expect(same.map(\.let) == [1, 2] && same.map(\.flux) == [5, 5])
    }

    @Test(arguments: [
        ("1 10\n3 1\n2 0.5\n", "s.txt: line 3: LET must increase: 2 after line 2's 3"),
        ("1 10\n% note\n3 -1\n", "s.txt: line 3: integral flux must be >= 0, found -1"),
        ("1 10\n3 20\n", "s.txt: line 2: the integral flux must not increase with LET: 20 after line 1's 10"),
        ("% header\n1 10\nabc 1\n", "s.txt: line 3: expected two numbers, LET and integral flux, found \"abc 1\""),
        ("1 10 7\n", "s.txt: line 1: expected two numbers"),
        ("1 nan\n", "s.txt: line 1: expected two numbers"),
        ("-1 10\n", "s.txt: line 1: LET must be >= 0, found -1"),
        ("% only a header\n\n", "s.txt: line 1: no data line"),
        ("", "s.txt: line 1: no data line"),
    ])
    func aBadTableIsOneLineNamingTheFileAndLine(text: String, message: String) {
        do {
            _ = try LETSpectrumFile.parse(text, file: "s.txt", letUnit: .mevCm2PerMg, fluxUnit: .perCm2Day)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    /// A file that is not there is unreadable, named.
    @Test func aMissingFileIsUnreadable() {
        #expect(throws: InputError.unreadable(file: "/nonexistent/s.txt", reason: "no such file")) {
            try LETSpectrumFile.load(path: "/nonexistent/s.txt", letUnit: .mevCm2PerMg, fluxUnit: .perCm2Day)
        }
    }
}

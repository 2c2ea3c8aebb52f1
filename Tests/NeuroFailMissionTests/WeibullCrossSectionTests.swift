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

    /// The worked example of Docs/theory.md §19 ("Rates from a LET spectrum"), by hand:
    /// σ(L) = 1e-8 (1 − e^(−(L − 1)/9)) cm², spectrum Φ(>1) = 100, Φ(>10) = 1, Φ(>28) = 0.01 /cm²/day.
    ///   σ(1) = 0; σ(10) = 1e-8 (1 − e^−1) = 6.321205588e-9; σ(28) = 1e-8 (1 − e^−3) = 9.502129316e-9.
    ///   upper = 99 × 6.321205588e-9 + 0.99 × 9.502129316e-9 + 0.01 × 1e-8
    ///         = 6.257993532e-7 + 9.407108023e-9 + 1.0e-10 = 6.353064613e-7 per bit-day;
    ///   lower = 99 × 0 + 0.99 × 6.321205588e-9 + 0.01 × 9.502129316e-9
    ///         = 6.257993532e-9 + 9.502129316e-11 = 6.353014826e-9 per bit-day.
    /// The log–log value lies between; against Simpson's rule in u = ln L (here, on 20,000 steps per segment: another
    /// variable and another rule than the program's trapezoid in Φ) it is 8.6548e-8, within the stated error bound.
    @Test func theWorkedExampleBracketsTheIntegralByHand() throws {
        let text = #"{"saturation": 1e-8, "threshold": 1, "width": 9, "shape": 1, "spectrum": [[1, 100], [10, 1], [28, 0.01]]}"#
        let curve = try WeibullCrossSection.decode(JSONField(value: JSONValue.parse(Data(text.utf8), file: "w"), file: "w"))
        #expect(curve.fold == .upper)
        #expect(abs(curve.upperRatePerDay - 6.353064613e-7) <= 1e-16)
        #expect(abs(curve.lowerRatePerDay - 6.353014826e-9) <= 1e-18)
        #expect(curve.ratePerDay == curve.upperRatePerDay)
        let loglog = curve.logLogRatePerDay
        #expect(curve.lowerRatePerDay < loglog && loglog < curve.upperRatePerDay)
        let reference = Self.simpsonInLogLET(curve, steps: 20_000)
        #expect(abs(loglog - reference) <= curve.logLogErrorBound, "\(loglog) vs \(reference)")
        #expect(abs(reference - 8.6548e-8) <= 5e-12)
    }

    /// ∫ σ dΦ with Φ a power law on each segment, as ∫ σ(e^u) γ Φ(e^u) du by Simpson's rule, plus the tail at σ_sat.
    static func simpsonInLogLET(_ c: WeibullCrossSection, steps n: Int) -> Double {
        var total = 0.0
        for (a, b) in zip(c.spectrum, c.spectrum.dropFirst()) {
            let gamma = log(a.flux / b.flux) / log(b.let / a.let)
            let ua = log(a.let), ub = log(b.let), h = (ub - ua) / Double(n)
            func f(_ u: Double) -> Double { c.sigma(exp(u)) * gamma * a.flux * exp(-gamma * (u - ua)) }
            var sum = f(ua) + f(ub)
            for k in 1..<n { sum += Double(k % 2 == 1 ? 4 : 2) * f(ua + Double(k) * h) }
            total += sum * h / 3
        }
        return total + (c.spectrum.last?.flux ?? 0) * c.saturation
    }

    /// On a dense table of a power law the three folds meet: lower ≤ loglog ≤ upper, all within 5 % of each other
    /// with 200 points per decade.
    @Test func theFoldsMeetAsTheTableGetsDense() {
        let points: [(let: Double, flux: Double)] = (0...600).map { k in
            let l = pow(10, Double(k) / 200)
            return (l, 50 * pow(l, -3))
        }
        let curve = WeibullCrossSection(saturation: 1e-8, threshold: 1, width: 10, shape: 1.5, spectrum: points, fold: .logLog)
        #expect(curve.lowerRatePerDay <= curve.logLogRatePerDay && curve.logLogRatePerDay <= curve.upperRatePerDay)
        #expect(curve.upperRatePerDay / curve.lowerRatePerDay < 1.05)
        #expect(abs(curve.logLogRatePerDay - Self.simpsonInLogLET(curve, steps: 200)) <= curve.logLogErrorBound)
        #expect(curve.ratePerDay == curve.logLogRatePerDay)
    }

    /// A segment ending at flux 0 (a power law cannot reach it) is interpolated linearly: with σ ≡ σ_sat above the
    /// threshold (shape huge, threshold 0 at the spectrum's start), the integral is σ_sat × the flux drop exactly.
    @Test func aSegmentEndingAtZeroFluxIsInterpolatedLinearly() {
        let curve = WeibullCrossSection(
            saturation: 2e-8, threshold: 0, width: 1e-9, shape: 1, spectrum: [(0, 10), (5, 4), (8, 0)], fold: .logLog)
        // σ(L) = 2e-8 for every L > 1e-7; the first and last points carry σ(0) = 0 in the trapezoid's end terms.
        #expect(abs(curve.logLogRatePerDay - 2e-8 * 10) <= curve.logLogErrorBound + 1e-18)
    }

    @Test(arguments: [
        (#"{"saturation": 1e-8, "threshold": 1, "width": 10, "shape": 1, "spectrum": [[2, 100]]}"#,
            "w: spectrum: starts at LET 2, above the threshold 1"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 10, "shape": 1, "spectrum": [[1, 100], [5, 200]]}"#,
            "w: spectrum[1]: point 1: LET must increase and the integral flux must not"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 0, "shape": 1, "spectrum": [[1, 100]]}"#, "w: width: must be > 0"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 0, "spectrum": [[1, 100]]}"#, "w: shape: must be > 0"),
        (#"{"saturation": -1e-8, "threshold": 1, "width": 3, "shape": 1, "spectrum": [[1, 100]]}"#, "w: saturation: must be >= 0"),
        (#"{"saturation": 1e-8, "threshold": 5, "width": 3, "shape": 1, "spectrum": [[1, 100], [5, 1]]}"#,
            "w: threshold: onset LET 5 is at or above the spectrum's last LET 5"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 1, "spectrum": [[1, 100], [5, 1]], "fold": "mid"}"#,
            "w: fold: unknown fold \"mid\""),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 1}"#, "w: spectrum: missing (or give spectrumFile"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 1, "spectrum": [[1, 100], [5, 1]], "spectrumFile": "x"}"#,
            "w: spectrumFile: give either spectrum or spectrumFile, not both"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 1, "spectrumFile": "x", "letUnit": "MeV-cm2/g"}"#,
            "w: fluxUnit: missing"),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 1, "spectrumFile": "x", "letUnit": "keV/um", "fluxUnit": "per-cm2-day"}"#,
            "w: letUnit: unknown unit \"keV/um\", expected \"MeV-cm2/mg\" or \"MeV-cm2/g\""),
        (#"{"saturation": 1e-8, "threshold": 1, "width": 3, "shape": 1, "spectrumFile": "no-such.txt", "letUnit": "MeV-cm2/mg", "fluxUnit": "per-cm2-day"}"#,
            "w: spectrumFile: no-such.txt: no such file"),
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

extension WeibullCrossSectionTests {
    /// Scenarios/leo-10y-weibull.json flies the per-neuron curve σ(L) = 4e-6 (1 − e^(−((L − 15)/30)²)) cm² on
    /// Scenarios/spectra/leo-power-law.let.txt, fold `upper`. By hand, in the file's units (LET / 1000 gives
    /// MeV·cm²/mg; fluxes in /m²/s/sr):
    ///   σ(1) = σ(3) = σ(10) = 0 (at or below the onset 15);
    ///   σ(30)  = 4e-6 (1 − e^−0.25)     = 4e-6 × 0.2211992169 = 8.847968677e-7;
    ///   σ(100) = 4e-6 (1 − e^−8.027778) = 4e-6 × 0.9996737275 = 3.998694910e-6;
    ///   (4.6866e-4 − 1.7358e-5) × σ(30)  = 4.51302e-4 × 8.847968677e-7  = 3.993105960e-10
    ///   (1.7358e-5 − 4.6866e-7) × σ(100) = 1.688934e-5 × 3.998694910e-6 = 6.753531789e-11
    ///   tail 4.6866e-7 × 4e-6                                         = 1.87464e-12
    ///   sum = 4.687205539e-10; × 4π × 10⁻⁴ × 86,400 = 108.5734421 → 5.089060392e-8 per neuron-day,
    ///   × 365.25 = 1.858779308e-5 per neuron-year.
    @Test func theBundledWeibullScenarioFliesTheHandComputedNeuronRate() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios/leo-10y-weibull.json").path
        let scenario = try Scenario.load(path: path)
        let latchup = try #require(scenario.failures.compactMap { $0 as? RadiationLatchupModel }.first)
        #expect(abs(latchup.ratePerYear - 1.858779308e-5) <= 1e-14)
        #expect(latchup.selection == .allNeurons && !latchup.exposure.solarCycle && !latchup.exposure.storms)
        #expect(scenario.failures.map(\.tag) == ["seu", "radiation-latchup", "core-latchup"])
        // The core's curve is the neuron's scaled by 4.6e-3 / 4e-6 = 1150: 2.137596204e-2 per core-year.
        let core = try #require(scenario.failures.compactMap { $0 as? CoreLatchupModel }.first)
        #expect(abs(core.ratePerCoreYear - 2.137596204e-2) <= 1e-11)
        // Per bit, σ(L) = 1e-9 (1 − e^(−((L − 1)/10)^1.5)):
        //   σ(3) = 1e-9 (1 − e^−0.08944272) = 8.555935639e-11,  × 0.451302   = 3.861310866e-11
        //   σ(10) = 1e-9 (1 − e^−0.85381497) = 5.742125361e-10, × 0.01688934 = 9.698070754e-12
        //   σ(30) = 1e-9 (1 − e^−4.93852205) = 9.928348196e-10, × 4.51302e-4 = 4.480683398e-13
        //   σ(100) = 1e-9 (1 − e^−31.1496228) = 1e-9,            × 1.688934e-5 = 1.688934e-14
        //   tail 4.6866e-7 × 1e-9 = 4.6866e-16; sum 4.877660575e-11 → × 108.5734421 × 365.25 = 1.934307014e-6
        //   per bit-year.
        let seu = try #require(scenario.failures.compactMap { $0 as? BitFlipModel }.first)
        #expect(abs(seu.ratePerBitYear - 1.934307014e-6) <= 1e-15)
        // The neuron curve's other folds (quoted in Docs/scenarios.md): the lower sum, by hand as above with σ at
        // each interval's lower end, 0 + 0 + 4.51302e-4 × 0 + 1.688934e-5 × σ(30) + 4.6866e-7 × σ(100)
        // = 1.494363513e-11 + 1.874028357e-12 = 1.681766349e-11 → × 108.5734421 = 1.825951613e-9 per neuron-day; the
        // log–log value against Simpson's rule in ln L.
        let root = JSONField(value: try JSONValue.load(path: path), file: path)
        let curve = try WeibullCrossSection.decode(try root["failures"].array()[1]["weibull"])
        #expect(abs(curve.lowerRatePerDay - 1.825951613e-9) <= 1e-18)
        #expect(abs(curve.upperRatePerDay - 5.089060392e-8) <= 1e-17)
        #expect(abs(curve.logLogRatePerDay - Self.simpsonInLogLET(curve, steps: 20_000)) <= curve.logLogErrorBound)
        #expect(abs(curve.logLogRatePerDay - 5.6555e-9) <= 1e-13)
    }
}

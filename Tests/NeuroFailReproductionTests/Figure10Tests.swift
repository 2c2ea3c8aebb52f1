import NeuroFailCore
import Testing
@testable import NeuroFailReproduction

@Suite struct Figure10Tests {
    @Test func quickRunWithoutDataGivesItsFilesAndHeadlineKeys() {
        let result = QuickRuns.fig10
        #expect(result.id == "fig10")
        #expect(result.data.map(\.name) == ["fig10.csv"])
        #expect(result.plots.map(\.name) == ["fig10.svg"])
        for key in ["omegaAv", "omegaStd", "erfAv", "erf", "runs", "campaignSeconds", "naiveFloat32OmegaAv", "naiveFloat32RelativeError", "erfBoundsOmegaMax", "erfAvWithinOneStd"] {
            #expect(result.headline.keys.contains(key), "missing \(key)")
        }
        #expect(result.summary.contains("synthetic"))
    }

    @Test func quickRunIsExhaustiveOverEveryCrashSetAndInput() {
        // 200 inputs × (C(48,1) + C(48,2) + C(48,3)).
        #expect(QuickRuns.fig10.headline["runs"]!.number == Double(200 * (48 + 1128 + 17296)))
    }

    @Test func erfBoundsTheWorstCaseAndValuesAreFinite() {
        let h = QuickRuns.fig10.headline
        #expect(h["erfBoundsOmegaMax"] == .bool(true))
        for key in ["omegaAv", "omegaStd", "omegaMax", "erfAv", "erf", "naiveFloat32OmegaAv"] {
            #expect(h[key]!.numberList.allSatisfy { $0.isFinite && $0 > 0 }, "\(key)")
        }
        for (measured, bound) in zip(h["omegaMax"]!.numberList, h["erf"]!.numberList) { #expect(measured <= bound) }
    }

    @Test func quickHeadlineNumbersAreTheRecordedOnes() {
        let h = QuickRuns.fig10.headline
        for (got, want) in zip(h["omegaAv"]!.numberList, Fig10Expected.omegaAv) { #expect(abs(got - want) <= 1e-6 * want) }
        for (got, want) in zip(h["erfAv"]!.numberList, Fig10Expected.erfAv) { #expect(abs(got - want) <= 1e-6 * want) }
    }

    @Test func aFewMillionRunsDoNotStallTheNaiveSum() {
        // 3.7·10⁶ runs: the Float32 sum stays within 10⁻³ of the compensated Float64 one.
        #expect(QuickRuns.fig10.headline["naiveFloat32RelativeError"]!.numberList.allSatisfy { abs($0) < 1e-3 })
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailReproduction

@Suite struct Figure6Tests {
    let result = FigureRuns.fig6

    @Test func quickRunProducesDataPlotAndHeadline() {
        #expect(result.id == "fig6")
        #expect(result.data.map(\.name) == ["fig6.csv"])
        #expect(result.data[0].text.contains("variant,scale,omega_av,omega_mav,omega_max,erf_av_layer1"))
        #expect(result.plots.map(\.name) == ["fig6.svg"])
        for key in ["scalingExponent", "exactScalingExponent", "scalingExponentHiddenOnly", "scalingExponentWithBiases",
                    "erfAvScalingExponent", "sigmoidScalingExponent"] {
            #expect(result.headline.keys.contains(key), "missing \(key)")
        }
    }

    @Test func biasFreeReluScalesByTenToTheLPlusOne() throws {
        let exponent = try #require(result.headline["scalingExponent"]?.number)
        #expect(try #require(result.headline["exactScalingExponent"]?.number) == 5)
        #expect(abs(exponent - 5) < 1e-9)
        for statistic in ["omegaAv", "omegaMav", "omegaMax", "erfAv"] {
            let e = try #require(result.headline["exponents"]?["relu"]?[statistic]?.number)
            #expect(abs(e - 5) < 1e-9, "\(statistic): \(e)")
        }
    }

    @Test func scalingTheHiddenLayersOnlyGivesTenToTheL() throws {
        let exponent = try #require(result.headline["scalingExponentHiddenOnly"]?.number)
        #expect(abs(exponent - 4) < 1e-9)
    }

    @Test func biasesBreakTheExactScaling() throws {
        let exponent = try #require(result.headline["scalingExponentWithBiases"]?.number)
        #expect(abs(exponent - 5) > 1e-3)
    }

    @Test func sigmoidSaturatesToTheReadoutsFactor() throws {
        let large = try #require(result.headline["sigmoidSlopeLargeScale"]?.number)
        #expect(abs(large - 1) < 0.3)
    }

    @Test func sameSeedSameBytesWhateverTheThreads() throws {
        let one = try Figure6().run(ReproductionOptions(quick: true, seed: 7, threads: 1)) { _ in }
        let two = try Figure6().run(ReproductionOptions(quick: true, seed: 7, threads: 2)) { _ in }
        #expect(one.data.map(\.text) == two.data.map(\.text))
        #expect(one.plots.map(\.text) == two.plots.map(\.text))
        #expect(one.headline == two.headline)
        #expect(one.data.map(\.text) != result.data.map(\.text))  // seed 2017
    }
}

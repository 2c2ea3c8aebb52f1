import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailReproduction

@Suite struct Figure3Tests {
    let result = FigureRuns.fig3

    @Test func quickRunProducesDataPlotAndHeadline() {
        #expect(result.id == "fig3")
        #expect(result.data.map(\.name) == ["fig3.csv", "fig3-by-layer.csv", "fig3-float32-stall.csv"])
        #expect(result.data[0].text.contains("biases,crashed,K,omega_av,omega_mav,omega_max"))
        #expect(result.plots.map(\.name) == ["fig3.svg"])
        #expect(result.plots[0].text.hasPrefix("<svg"))
        for key in ["loglogSlope", "exactSlope", "slopes", "slopeByCrashLayer", "slopesWithBiases", "omegaMaxOverMavAtK1"] {
            #expect(result.headline.keys.contains(key), "missing \(key)")
        }
        #expect(!result.summary.isEmpty)
    }

    @Test func biasFreeReluSlopeIsExactlyTheDepth() throws {
        let slope = try #require(result.headline["loglogSlope"]?.number)
        let exact = try #require(result.headline["exactSlope"]?.number)
        #expect(exact == 4)
        #expect(abs(slope - exact) < 0.05)
        // Homogeneity makes it exact up to rounding, not merely close.
        #expect(abs(slope - exact) < 1e-9)
    }

    @Test func everyOmegaOfBiasFreeChipsScalesAsKToTheL() throws {
        guard case .object(let slopes) = try #require(result.headline["slopes"]) else {
            Issue.record("slopes is not an object")
            return
        }
        #expect(slopes.count == 6)  // av, mav, max for f = 1, 2 in the quick run
        for (name, value) in slopes {
            let slope = try #require(value.number, "\(name)")
            #expect(abs(slope - 4) < 1e-9, "\(name): \(slope)")
        }
    }

    @Test func aCrashInAnyLayerGivesTheSameExponent() throws {
        let slopes = try #require(result.headline["slopeByCrashLayer"]?.numbers)
        #expect(slopes.count == 4)
        for slope in slopes { #expect(abs(try #require(slope) - 4) < 1e-9) }
    }

    @Test func biasesBreakThePowerLaw() throws {
        let local = try #require(result.headline["localSlopesWithBiases"]?.numbers).compactMap { $0 }
        #expect(local.count >= 2)
        #expect(local.contains { abs($0 - 4) > 0.01 })
    }

    @Test func omegaMaxIsAtLeastOmegaMav() throws {
        let ratio = try #require(result.headline["omegaMaxOverMavAtK1"]?.number)
        #expect(ratio >= 1)
    }
}

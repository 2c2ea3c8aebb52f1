import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailReproduction

@Suite struct Figure4Tests {
    let result = FigureRuns.fig4

    @Test func quickRunProducesDataPlotAndHeadline() {
        #expect(result.id == "fig4")
        #expect(result.data.map(\.name) == ["fig4.csv"])
        #expect(result.data[0].text.contains("convention,biases,crashes,K,omega_av,omega_mav,omega_max"))
        #expect(result.data[0].text.contains("companion"))
        #expect(result.plots.map(\.name) == ["fig4.svg"])
        #expect(result.plots[0].text.hasPrefix("<svg"))
        for key in ["slopeSmallK", "slopeLargeK", "slopeSmallKLayer1", "slopeLargeKLayer1", "saturationK",
                    "saturationKCompanion"] {
            #expect(result.headline.keys.contains(key), "missing \(key)")
        }
    }

    @Test func aFirstLayerCrashGrowsAsKCubedForSmallKThenSaturates() throws {
        let small = try #require(result.headline["slopeSmallKLayer1"]?.number)
        let large = try #require(result.headline["slopeLargeKLayer1"]?.number)
        #expect(abs(small - 3) < 0.2, "small-K slope \(small), expected L − 1 = 3")
        #expect(abs(large) < 0.5, "large-K slope \(large)")
    }

    @Test func crashesAnywhereAreDominatedByTheKIndependentLastLayer() throws {
        let small = try #require(result.headline["slopeSmallK"]?.number)
        #expect(abs(small) < 0.2)
    }

    @Test func theCompanionConventionSaturatesFourTimesLater() throws {
        let ours = try #require(result.headline["saturationK"]?.number)
        let theirs = try #require(result.headline["saturationKCompanion"]?.number)
        #expect(ours > 0.001 && ours < 10)
        #expect(theirs / ours > 3 && theirs / ours < 5, "ratio \(theirs / ours)")
    }
}

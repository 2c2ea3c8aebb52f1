import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailReproduction

@Suite struct Figure5Tests {
    let result = FigureRuns.fig5

    @Test func quickRunProducesDataPlotsAndHeadline() {
        #expect(result.id == "fig5")
        #expect(result.data.map(\.name) == ["fig5.csv", "fig5-per-chip.csv"])
        #expect(result.data[0].text.contains("variant,K,omega_av_layer1"))
        #expect(result.plots.map(\.name) == ["fig5-relu.svg", "fig5-sigmoid.svg"])
        for key in ["inversionK", "inversionKCompanion", "inversionKErfAv", "inversionKErfAvPredicted",
                    "reluDepthRatioSpread", "reluDepthRatios", "variants", "sigmoidChipsWithLayer13Crossing",
                    "sigmoidChipsWithLayer1AboveLayer3AtLargestK"] {
            #expect(result.headline.keys.contains(key), "missing \(key)")
        }
    }

    @Test func biasFreeReluDepthRatiosDoNotDependOnK() throws {
        let spread = try #require(result.headline["reluDepthRatioSpread"]?.number)
        #expect(spread < 1e-9)
        let crossings = try #require(result.headline["variants"]?["relu"]?["omegaCrossings"]?["layers1-3"]?.numbers)
        #expect(crossings.isEmpty)
    }

    @Test func everyChipIsAlsoReportedOnItsOwn() throws {
        let perChip = result.data[1].text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(perChip.first == "variant,chip,K,omega_av_layer1,omega_av_layer2,omega_av_layer3,omega_av_layer4")
        #expect(perChip.count == 1 + 4 * 2 * 9)  // variants × chips × K in the quick run
        let first = try #require(result.headline["variants"]?["sigmoid"]?["perChipFirstLayer13Crossing"]?.numbers)
        #expect(first.count == 2)
        // Bias-free ReLU chips are each exactly ∝ K^4 per layer: none crosses.
        #expect(result.headline["variants"]?["relu"]?["chipsWithLayer13Crossing"]?.number == 0)
    }

    @Test func biasFreeReluErfCurvesAreParallelToo() throws {
        let spread = try #require(result.headline["variants"]?["relu"]?["erfAvCrossings"]?["layers1-3"]?.numbers)
        #expect(spread.isEmpty)
    }

    @Test func sigmoidSmallKSlopeIsTheDistanceToTheOutput() throws {
        let slopes = try #require(result.headline["sigmoidSmallKSlopes"]?.numbers)
        #expect(slopes.count == 4)
        for (l, slope) in slopes.enumerated() {
            let s = try #require(slope)
            #expect(abs(s - Double(3 - l)) < 0.25, "layer \(l + 1): \(s), expected \(3 - l)")
        }
    }

    @Test func reluWithBiasesGainsOnePowerOfKPerLayerToTheOutput() throws {
        let slopes = try #require(result.headline["variants"]?["relu-biases"]?["smallKSlopes"]?.numbers)
        for (l, slope) in slopes.enumerated() {
            let s = try #require(slope)
            #expect(abs(s - Double(4 - l)) < 0.25, "layer \(l + 1): \(s), expected \(4 - l)")
        }
    }

    @Test func theInversionIsReportedInBothSigmoidConventions() throws {
        let inverts = try #require(result.headline["sigmoidOmegaInverts"])
        #expect(inverts == .bool(false) || inverts == .bool(true))
        switch (result.headline["inversionK"], result.headline["inversionKCompanion"]) {
        case (.number(let k), .number(let companion)): #expect(abs(companion - 4 * k) < 1e-12 * companion)
        case (.null, .null): break
        default: Issue.record("inversionK and inversionKCompanion disagree")
        }
    }

    @Test func erfAvTermsCrossWhereTheirPerLayerGainIsOne() throws {
        let measured = try #require(result.headline["inversionKErfAv"]?.number)
        let predicted = try #require(result.headline["inversionKErfAvPredicted"]?.number)
        // Interpolated on a coarse log grid of chip-averaged curves: close, not equal.
        #expect(abs(log10(measured / predicted)) < 0.3)
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailReproduction

@Suite struct RandomNetworkExperimentTests {
    let experiment = RandomNetworkExperiment(chips: 3, gridPoints: 3, seed: 11, threads: 1)

    @Test func aChipKeepsItsWeightsWhateverTheActivationAndK() {
        let a = experiment.chip(1, .relu, lipschitz: 0.1, biases: false)
        let b = experiment.chip(1, .sigmoid, lipschitz: 7, biases: false)
        #expect(a.allLayers.map(\.weights) == b.allLayers.map(\.weights))
        #expect(a.hidden.allSatisfy { $0.bias.allSatisfy { $0 == 0 } })
        #expect(b.hidden.allSatisfy { $0.activation == Activation(.sigmoid, lipschitz: 7) })
        #expect(a.widths == [4, 4, 4, 4] && a.inputCount == 4 && a.outputCount == 1)
    }

    @Test func chipsOfDifferentIndicesDiffer() {
        let a = experiment.chip(0, .relu, lipschitz: 1, biases: false)
        let b = experiment.chip(1, .relu, lipschitz: 1, biases: false)
        #expect(a.hidden[0].weights != b.hidden[0].weights)
    }

    @Test func weightScalingLeavesBiasesAndOptionallyTheReadout() {
        let base = experiment.chip(2, .relu, lipschitz: 1, biases: true)
        let all = experiment.chip(2, .relu, lipschitz: 1, biases: true, weightScale: 10)
        let hidden = experiment.chip(2, .relu, lipschitz: 1, biases: true, weightScale: 10, scaleReadout: false)
        #expect(all.hidden[1].weights == base.hidden[1].weights.map { $0 * 10 })
        #expect(all.readout.weights == base.readout.weights.map { $0 * 10 })
        #expect(all.hidden[1].bias == base.hidden[1].bias)
        #expect(hidden.readout.weights == base.readout.weights)
    }

    @Test func logGridHitsItsEndsAndDecades() {
        let grid = RandomNetworkExperiment.logGrid(from: 0.1, to: 10, points: 5)
        #expect(grid.first == 0.1 && grid.last == 10)
        #expect(abs(grid[2] - 1) < 1e-15)
        #expect(experiment.batch.count == 81)
    }

    @Test func inLayerCrashesOneLayerOnly() {
        #expect(experiment.inLayer(3) == .perLayer(neurons: [0, 0, 1, 0]))
    }
}

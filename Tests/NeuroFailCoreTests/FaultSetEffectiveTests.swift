import Foundation
import Testing

@testable import NeuroFailCore

struct FaultSetEffectiveTests {
    /// 2 inputs, hidden widths 3 and 2, 2 outputs.
    private let chip = Chip.random(inputs: 2, widths: [3, 2], outputs: 2, activation: .init(.relu, lipschitz: 1), seed: 3)

    /// n1.1 crashed: synapses into it (matrix 0, target 1: flats 2, 3) and out of it (matrix 1, source 1: flats 1, 4)
    /// change nothing and are dropped; the others stay, the neuron itself too.
    @Test func synapsesFromOrIntoACrashedNeuronAreDropped() {
        let faults = FaultSet(neurons: [[1], []], synapses: [[0, 2, 3], [1, 2, 4], [3]])
        let effective = faults.effective(on: chip)
        #expect(effective.neurons == [[1], []])
        #expect(effective.synapses == [[0], [2], [3]])
    }

    /// A crashed neuron of the last hidden layer drops the synapses into it (matrix 1, target 0: flat 0; flat 3 is
    /// target 1) and its readout synapses (source 0: flats 0 and 2 of the readout).
    @Test func readoutSynapsesOfACrashedLastLayerNeuronAreDropped() {
        let faults = FaultSet(neurons: [[], [0]], synapses: [[], [0, 3], [0, 1, 2]])
        #expect(faults.effective(on: chip).synapses == [[], [3], [1]])
    }

    @Test func withoutCrashedNeuronsNothingChanges() {
        let faults = FaultSet(neurons: [[], []], synapses: [[0, 5], [1], [2]])
        #expect(faults.effective(on: chip) == faults)
    }
}

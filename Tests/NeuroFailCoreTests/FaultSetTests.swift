import Testing

@testable import NeuroFailCore

struct FaultSetTests {
    @Test func crashingIsIdempotentAndKeepsListsSorted() {
        let chip = Chip.random(inputs: 2, widths: [2, 4], outputs: 1, activation: .init(.relu, lipschitz: 1), seed: 1)
        var f = FaultSet(depth: 2)
        f.crash(NeuronID(layer: 2, index: 3))
        f.crash(NeuronID(layer: 2, index: 1))
        f.crash(NeuronID(layer: 2, index: 3))
        f.crash(SynapseID(layer: 3, target: 0, source: 2), on: chip)
        f.crash(SynapseID(layer: 3, target: 0, source: 2), on: chip)
        #expect(f.neurons == [[], [1, 3]])
        #expect(f.synapses == [[], [], [2]])
        #expect(f.neuronCounts == [0, 2] && f.synapseCounts == [0, 0, 1])
        #expect(f.count == 3)
    }

    @Test func validityChecksIndicesAgainstTheChip() {
        let chip = Chip.random(inputs: 2, widths: [3], outputs: 1, activation: .init(.relu, lipschitz: 1), seed: 1)
        #expect(FaultSet(neurons: [[0, 2]]).isValid(for: chip))
        #expect(!FaultSet(neurons: [[3]]).isValid(for: chip))
        #expect(!FaultSet(neurons: [[0], []]).isValid(for: chip))
        #expect(!FaultSet(neurons: [[]], synapses: [[6], []]).isValid(for: chip))
    }

    @Test func componentsPrintInTraceForm() {
        #expect(NeuronID(layer: 2, index: 5).description == "n2.5")
        #expect(SynapseID(layer: 3, target: 0, source: 7).description == "s3.0.7")
    }
}

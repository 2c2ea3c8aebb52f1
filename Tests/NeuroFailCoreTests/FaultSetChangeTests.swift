import Testing

@testable import NeuroFailCore

struct FaultSetChangeTests {
    static let chip = Chip.random(inputs: 3, widths: [4, 2], outputs: 2, activation: Activation(.relu, lipschitz: 1), seed: 4)

    @Test func changesBuildTheConditionAndUndoingThemRestoresThePristineChip() {
        let chip = Self.chip
        var faults = FaultSet(pristine: chip)
        let n = NeuronID(layer: 1, index: 2), s = SynapseID(layer: 2, target: 1, source: 3)
        faults.apply(.neuron(n, .crashed), chip: chip)
        faults.apply(.neuron(NeuronID(layer: 2, index: 0), .stuck(1.5)), chip: chip)
        faults.apply(.synapse(s, crashed: true), chip: chip)
        faults.apply(.weight(SynapseID(layer: 3, target: 1, source: 0), 7), chip: chip)
        #expect(faults.neurons == [[2], []] && faults.stuck == [[], [FaultSet.Entry(index: 0, value: 1.5)]])
        // Matrix 2 has rows of 4: target 1, source 3 is flat 7. Matrix 3 has rows of 2: target 1, source 0 is flat 2.
        #expect(faults.synapses == [[], [7], []] && faults.weights == [[], [], [FaultSet.Entry(index: 2, value: 7)]])
        #expect(faults.count == 4 && !faults.isCrashOnly && faults.isValid(for: chip))
        faults.apply(.neuron(n, .alive), chip: chip)
        faults.apply(.neuron(NeuronID(layer: 2, index: 0), .alive), chip: chip)
        faults.apply(.synapse(s, crashed: false), chip: chip)
        faults.apply(.weight(SynapseID(layer: 3, target: 1, source: 0), chip.readout.weight(target: 1, source: 0)), chip: chip)
        #expect(faults == FaultSet(pristine: chip) && faults.isEmpty)
    }

    @Test func aStuckNeuronThatCrashesIsOnlyCrashedAndViceVersa() {
        let chip = Self.chip
        var faults = FaultSet(pristine: chip)
        let n = NeuronID(layer: 1, index: 0)
        faults.apply(.neuron(n, .stuck(2)), chip: chip)
        faults.apply(.neuron(n, .crashed), chip: chip)
        #expect(faults.neurons[0] == [0] && faults.stuck[0].isEmpty)
        faults.apply(.neuron(n, .stuck(3)), chip: chip)
        #expect(faults.neurons[0].isEmpty && faults.stuck[0] == [FaultSet.Entry(index: 0, value: 3)])
    }

    @Test func theChangesOfAFaultSetLeadThePristineChipBackToIt() {
        var rng = Xoshiro256(seed: 8)
        for _ in 0..<200 {
            let chip = Self.chip
            var faults = FaultSet(pristine: chip)
            for _ in 0..<rng.nextIndex(12) {
                let l = rng.nextIndex(chip.depth)
                let n = NeuronID(layer: l + 1, index: rng.nextIndex(chip.widths[l]))
                let layer = rng.nextIndex(chip.depth + 1)
                let m = chip.allLayers[layer]
                let s = SynapseID(layer: layer + 1, target: rng.nextIndex(m.outputs), source: rng.nextIndex(m.inputs))
                switch rng.nextIndex(4) {
                case 0: faults.apply(.neuron(n, .crashed), chip: chip)
                case 1: faults.apply(.neuron(n, .stuck(rng.nextUnit())), chip: chip)
                case 2: faults.apply(.synapse(s, crashed: true), chip: chip)
                default: faults.apply(.weight(s, rng.nextUnit() - 0.5), chip: chip)
                }
            }
            var rebuilt = FaultSet(pristine: chip)
            for change in faults.changes(on: chip) { rebuilt.apply(change, chip: chip) }
            #expect(rebuilt == faults && faults.isValid(for: chip))
        }
    }

    @Test func changesNamingAbsentComponentsOrNonFiniteValuesAreInvalid() {
        let chip = Self.chip
        #expect(FaultSet.isValid(.neuron(NeuronID(layer: 1, index: 3), .crashed), for: chip))
        #expect(!FaultSet.isValid(.neuron(NeuronID(layer: 1, index: 4), .crashed), for: chip))
        #expect(!FaultSet.isValid(.neuron(NeuronID(layer: 3, index: 0), .crashed), for: chip), "the readout cannot crash")
        #expect(!FaultSet.isValid(.neuron(NeuronID(layer: 1, index: 0), .stuck(.nan)), for: chip))
        #expect(FaultSet.isValid(.synapse(SynapseID(layer: 3, target: 1, source: 1), crashed: true), for: chip))
        #expect(!FaultSet.isValid(.synapse(SynapseID(layer: 3, target: 2, source: 0), crashed: true), for: chip))
        #expect(!FaultSet.isValid(.weight(SynapseID(layer: 1, target: 0, source: 0), .infinity), for: chip))
        #expect(!FaultSet.isValid(.weight(SynapseID(layer: 0, target: 0, source: 0), 1), for: chip))
    }
}

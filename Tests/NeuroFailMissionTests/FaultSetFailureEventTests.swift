import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct FaultSetFailureEventTests {
    @Test func appliesNeuronAndSynapseFailuresIdempotently() {
        let chip = TestSupport.chip(inputs: 3, widths: [4, 5], outputs: 2)
        var faults = FaultSet(pristine: chip)
        let neuron = FailureEvent(time: 1, component: .neuron(NeuronID(layer: 2, index: 3)), kind: .latchup)
        let synapse = FailureEvent(time: 2, component: .synapse(SynapseID(layer: 3, target: 1, source: 4)), kind: .wearout)
        for e in [neuron, synapse, neuron] { faults.apply(e, chip: chip, cores: .none) }
        #expect(faults.neurons == [[], [3]])
        #expect(faults.synapses == [[], [], [1 * 5 + 4]])
        #expect(faults.isValid(for: chip))
    }
}

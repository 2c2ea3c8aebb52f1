import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailKernel

struct SynapseLayerTests {
    /// Layer 1 of the hand chip (W = [[1, 2], [−1, 1]], b = (0, 0.5)) fed by ports that fired x = (1, 0.5).
    static func rig() -> (SynapseLayer, NeuronLayer) {
        let design = Layer(inputs: 2, outputs: 2, weights: [1, 2, -1, 1], bias: [0, 0.5], activation: nil)
        let ports = NeuronLayer(inputs: 2)
        ports.present([1, 0.5])
        ports.fire()
        let target = NeuronLayer(layer: 1, bias: design.bias, activation: nil)
        return (SynapseLayer(layer: 1, design: design, source: ports, target: target), target)
    }

    @Test func deliversWeightTimesValueIntoEachTargetsSum() {
        let (synapses, target) = Self.rig()
        synapses.deliver()
        // (1·1 + 2·0.5, −1·1 + 1·0.5) = (2, −0.5): four messages sent, four delivered.
        #expect(target.sums == [2, -0.5] && synapses.sentCount == 4 && synapses.deliveredCount == 4)
        #expect(synapses.count == 4)
    }

    @Test func crashedSynapseDeliversNothingUntilRepaired() {
        let (synapses, target) = Self.rig()
        // Synapse 2 is 0 → 1 (w = −1); crashing it twice counts once.
        synapses.setState(.crashed, ofSynapse: 2)
        synapses.setState(.crashed, ofSynapse: 2)
        synapses.deliver()
        #expect(target.sums == [2, 0.5] && synapses.sentCount == 4 && synapses.deliveredCount == 3)
        #expect(synapses.state(ofSynapse: 2) == .crashed && synapses.state(ofSynapse: 1) == .alive)
        target.sums = [0, 0]
        synapses.setState(.alive, ofSynapse: 2)
        synapses.deliver()
        #expect(target.sums == [2, -0.5] && synapses.deliveredCount == 7 && synapses.abnormal.isEmpty)
    }

    @Test func stuckOrUpsetSynapseDeliversWithItsReplacedWeight() {
        let (synapses, target) = Self.rig()
        // Synapse 1 is 1 → 0 (w = 2): stuck at 4, it delivers 4 · 0.5; synapse 3 upset to −2 delivers −2 · 0.5.
        synapses.setState(.stuckAt(4), ofSynapse: 1)
        synapses.setState(.transient(-2), ofSynapse: 3)
        synapses.deliver()
        #expect(target.sums == [3, -2])
    }

    @Test func unitsThatDidNotSendCarryNoMessages() {
        let design = Layer(inputs: 2, outputs: 3, weights: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0], activation: nil)
        let source = NeuronLayer(layer: 1, bias: [1, 2], activation: nil)
        source.states[0] = .crashed
        source.fire()
        let target = NeuronLayer(layer: 2, bias: [0, 0, 0], activation: nil)
        let synapses = SynapseLayer(layer: 2, design: design, source: source, target: target)
        synapses.deliver()
        // Only neuron 1 (y = 2) sends, on its 3 synapses.
        #expect(target.sums == [2, 2, 2] && synapses.sentCount == 3 && synapses.deliveredCount == 3)
    }

    /// Slots are the synapses grouped by source, each group in target order: a permutation of the numbering.
    @Test func slotsOrderTheSynapsesBySourceThenTarget() {
        var rng = Xoshiro256(seed: 3)
        for trial in 0..<20 {
            let chip = trial % 2 == 0 ? ConvolutionalChips.random(&rng) : Chip.random(inputs: 3, widths: [4], outputs: 2, activation: Activation(.relu, lipschitz: 1), seed: UInt64(trial))
            var source = NeuronLayer(inputs: chip.inputCount)
            for (offset, layer) in chip.allLayers.enumerated() {
                let target = NeuronLayer(layer: offset + 1, bias: layer.bias, activation: layer.activation)
                let synapses = SynapseLayer(layer: offset + 1, design: layer, source: source, target: target)
                var bySlot = [(source: Int, target: Int)?](repeating: nil, count: layer.synapseCount)
                for number in 0..<layer.synapseCount {
                    let (i, j) = layer.synapse(at: number)
                    bySlot[synapses.slot(ofSynapse: number)] = (j, i)
                }
                let ends = bySlot.compactMap { $0 }
                #expect(ends.count == layer.synapseCount)
                #expect(zip(ends, ends.dropFirst()).allSatisfy { $0.source < $1.source || ($0.source == $1.source && $0.target < $1.target) })
                source = target
            }
        }
    }
}

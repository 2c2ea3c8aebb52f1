import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailMission

/// The lazy list of a selection's components equals the list written out by hand: neurons by layer and index, then
/// synapses by matrix and number, on dense, convolutional and sparse chips, for every kind of selection.
struct ComponentListTests {
    static func written(_ s: ComponentSelection, _ chip: Chip) -> [Component] {
        var out = [Component]()
        if s.neurons {
            for l in 1...chip.depth where s.layers?.contains(l) ?? true {
                for i in 0..<chip.widths[l - 1] { out.append(.neuron(NeuronID(layer: l, index: i))) }
            }
        }
        if s.synapses {
            for l in 1...(chip.depth + 1) where s.layers?.contains(l) ?? true {
                let layer = chip.layer(l)
                for t in 0..<layer.outputs {
                    for e in layer.incoming(t) { out.append(.synapse(SynapseID(layer: l, target: t, source: e.source))) }
                }
            }
        }
        return out
    }

    @Test func lazyListEqualsTheListWrittenOut() {
        var rng = Xoshiro256(seed: 41)
        for trial in 0..<120 {
            let chip = trial % 3 == 0 ? ConvolutionalChips.random(&rng) : SparseChips.random(&rng)
            let layers: Set<Int>? = trial % 4 == 0 ? nil : [1 + rng.nextIndex(chip.depth + 1)]
            for s in [
                ComponentSelection(neurons: true, synapses: false, layers: layers),
                ComponentSelection(neurons: false, synapses: true, layers: layers),
                ComponentSelection(neurons: true, synapses: true, layers: layers),
            ] {
                let list = s.components(of: chip)
                let expected = Self.written(s, chip)
                #expect(Array(list) == expected, "trial \(trial)")
                #expect(list.count == expected.count)
                if !expected.isEmpty {
                    let i = rng.nextIndex(expected.count)
                    #expect(list[i] == expected[i])
                }
            }
        }
    }
}

import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct ComponentTests {
    @Test func textFormRoundTrips() {
        let components: [Component] = [
            .neuron(NeuronID(layer: 2, index: 5)), .synapse(SynapseID(layer: 3, target: 0, source: 7)), .core(2),
        ]
        #expect(components.map(\.description) == ["n2.5", "s3.0.7", "core2"])
        for c in components { #expect(Component(parsing: c.description) == c) }
    }

    @Test func rejectsTextThatIsNotAComponent() {
        for text in ["", "n", "n2", "n2.", "n.5", "n2.5.1", "s3.0", "core", "core-1", "x1.2", "n2.+5", "N2.5", "n 2.5"] {
            #expect(Component(parsing: text) == nil, "\(text)")
        }
    }

    @Test func ordersNeuronsThenSynapsesThenCores() {
        let sorted = [Component.core(0), .synapse(SynapseID(layer: 1, target: 0, source: 0)),
            .neuron(NeuronID(layer: 2, index: 0)), .neuron(NeuronID(layer: 1, index: 9))].sorted()
        #expect(sorted.map(\.description) == ["n1.9", "n2.0", "s1.0.0", "core0"])
    }

    @Test func namesWhyAComponentIsNotOnTheChip() {
        let chip = TestSupport.chip(inputs: 3, widths: [4, 5], outputs: 2)
        let cores = CoreMap.packed(chip, neuronsPerCore: 4)
        #expect(Component.neuron(NeuronID(layer: 2, index: 4)).invalidReason(chip: chip, cores: cores) == nil)
        #expect(Component.synapse(SynapseID(layer: 3, target: 1, source: 4)).invalidReason(chip: chip, cores: cores) == nil)
        #expect(Component.core(2).invalidReason(chip: chip, cores: cores) == nil)
        #expect(Component.neuron(NeuronID(layer: 3, index: 0)).invalidReason(chip: chip, cores: cores)?.contains("layer 3") == true)
        #expect(Component.neuron(NeuronID(layer: 1, index: 4)).invalidReason(chip: chip, cores: cores) != nil)
        #expect(Component.synapse(SynapseID(layer: 1, target: 0, source: 3)).invalidReason(chip: chip, cores: cores)?.contains("source 3") == true)
        #expect(Component.synapse(SynapseID(layer: 4, target: 0, source: 0)).invalidReason(chip: chip, cores: cores) != nil)
        #expect(Component.core(3).invalidReason(chip: chip, cores: cores) != nil)
    }

    @Test func aPairAConvolutionDoesNotConnectIsNoSynapse() throws {
        let chip = try CoreMapTests.convolutionalChip()
        let cores = CoreMap.packed(chip)
        // Unit 0 (map 0, position 0, 0) reads the 2x2 window at inputs 0, 1, 3, 4; input 2 is outside it.
        #expect(Component.synapse(SynapseID(layer: 1, target: 0, source: 4)).invalidReason(chip: chip, cores: cores) == nil)
        #expect(Component.synapse(SynapseID(layer: 1, target: 0, source: 2)).invalidReason(chip: chip, cores: cores)
            == "s1.0.2: layer 1 is a convolution whose kernel does not connect source 2 to target 0")
    }
}

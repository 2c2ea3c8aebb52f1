import NeuroFailCore
import Testing

@testable import NeuroFailKernel

struct ComponentStateTests {
    // Hand chip (see ChipNetworkTests), x = (1, 0.5): pristine y¹ = (2, 0), y² = (2, 4), out = −6.
    @Test func stuckNeuronSendsItsValueEveryInference() throws {
        let network = ChipNetwork(chip: try ChipNetworkTests.handChip())
        try network.setState(.stuckAt(1), of: NeuronID(layer: 2, index: 1))
        // y² = (2, 1) → out = 2 − 2 = 0, twice.
        #expect(try network.infer([1, 0.5]) == [0])
        #expect(try network.infer([1, 0.5]) == [0])
        #expect(network.state(of: NeuronID(layer: 2, index: 1)) == .stuckAt(1))
    }

    @Test func stuckSynapseDeliversItsStuckWeightTimesTheValue() throws {
        let network = ChipNetwork(chip: try ChipNetworkTests.handChip())
        try network.setState(.stuckAt(0.5), of: SynapseID(layer: 3, target: 0, source: 1))
        // out = 1·2 + 0.5·4 = 4.
        #expect(try network.infer([1, 0.5]) == [4])
    }

    @Test func transientUpsetLastsOneInference() throws {
        let network = ChipNetwork(chip: try ChipNetworkTests.handChip())
        try network.setState(.transient(3), of: NeuronID(layer: 1, index: 1))
        try network.setState(.transient(-1), of: SynapseID(layer: 3, target: 0, source: 0))
        // y¹ = (2, 3) → s² = (5, 1) → y² = (5, 1) → out = −1·5 − 2·1 = −7; then back to −6.
        #expect(try network.infer([1, 0.5]) == [-7])
        #expect(network.state(of: NeuronID(layer: 1, index: 1)) == .alive)
        #expect(network.state(of: SynapseID(layer: 3, target: 0, source: 0)) == .alive)
        #expect(try network.infer([1, 0.5]) == [-6])
    }

    @Test func transientUpsetReplacedByACrashStaysCrashed() throws {
        let network = ChipNetwork(chip: try ChipNetworkTests.handChip())
        let id = NeuronID(layer: 2, index: 1)
        try network.setState(.transient(3), of: id)
        try network.setState(.crashed, of: id)
        _ = try network.infer([1, 0.5])
        #expect(network.state(of: id) == .crashed)
        #expect(network.state(of: id)?.isCrashed == true)
    }

    @Test func stuckAndTransientFaultsEqualDenseForwardPass() throws {
        var rng = Xoshiro256(seed: 77)
        for seed in UInt64(0)..<60 {
            let widths = (0..<(1 + Int(seed % 3))).map { _ in 1 + rng.nextIndex(5) }
            let function = Activation.Function.allCases[Int(seed) % Activation.Function.allCases.count]
            let chip = Chip.random(
                inputs: 2, widths: widths, outputs: 2, activation: Activation(function, lipschitz: 1), seed: seed)
            let network = ChipNetwork(chip: chip)
            var neurons = chip.widths.map { [ComponentState](repeating: .alive, count: $0) }
            var synapses = chip.allLayers.map { [ComponentState](repeating: .alive, count: $0.synapseCount) }
            func draw() -> ComponentState {
                switch rng.nextIndex(6) {
                case 0: .crashed
                case 1: .stuckAt(rng.nextNormal())
                case 2: .transient(rng.nextNormal())
                default: .alive
                }
            }
            for l in neurons.indices {
                for i in neurons[l].indices {
                    neurons[l][i] = draw()
                    try network.setState(neurons[l][i], of: NeuronID(layer: l + 1, index: i))
                }
            }
            for (l, layer) in chip.allLayers.enumerated() {
                for flat in 0..<layer.synapseCount {
                    synapses[l][flat] = draw()
                    let id = SynapseID(layer: l + 1, target: flat / layer.inputs, source: flat % layer.inputs)
                    try network.setState(synapses[l][flat], of: id)
                }
            }
            let x = [rng.nextUnit(), rng.nextUnit()]
            #expect(agree(try network.infer(x), denseForward(chip, x, neuronStates: neurons, synapseStates: synapses)))
            // After one inference the upsets are gone.
            func healed(_ s: ComponentState) -> ComponentState { if case .transient = s { .alive } else { s } }
            let after = denseForward(
                chip, x, neuronStates: neurons.map { $0.map(healed) }, synapseStates: synapses.map { $0.map(healed) })
            #expect(agree(try network.infer(x), after))
        }
    }
}

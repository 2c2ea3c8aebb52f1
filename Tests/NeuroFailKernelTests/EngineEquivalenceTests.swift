import NeuroFailCore
import NeuroFailEngine
import NeuroFailTestSupport
import Testing

@testable import NeuroFailKernel

/// The message-level simulator is the reference semantics; the fast engine must give the same outputs.
struct EngineEquivalenceTests {
    @Test func fastEngineEqualsMessageLevelSimulationOnRandomChipsAndFaults() throws {
        var rng = Xoshiro256(seed: 2024)
        for trial in 0..<200 {
            let depth = 1 + trial % 4
            let widths = (0..<depth).map { _ in 1 + rng.nextIndex(5) }
            let function = Activation.Function.allCases[trial % Activation.Function.allCases.count]
            let chip = Chip.random(
                inputs: 1 + rng.nextIndex(4), widths: widths, outputs: 1 + rng.nextIndex(3),
                activation: Activation(function, lipschitz: 0.1 + 3.9 * rng.nextUnit()),
                mean: trial % 3 == 0 ? 1 : 0, std: trial % 3 == 0 ? 5 : 0.5, seed: UInt64(trial))
            // Crash a random subset in every layer: neurons in each hidden layer, synapses in every matrix.
            let neurons = chip.widths.map { n in rng.sample(rng.nextIndex(n + 1), from: n) }
            let synapses = chip.allLayers.map { layer in
                rng.sample(rng.nextIndex(min(layer.synapseCount, 4) + 1), from: layer.synapseCount)
            }
            let faults = FaultSet(neurons: neurons, synapses: synapses)
            let inputs = InputBatch.uniform(count: 5, dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let reference = try ChipNetwork(chip: chip, faults: faults).infer(inputs)
            let fast = Evaluator(chip: chip).outputs(inputs, faults: faults)
            #expect(reference.count == fast.count)
            for (a, b) in zip(reference, fast) {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(a)), "trial \(trial): \(a) vs \(b)")
            }
        }
    }

    /// Convolutional chips: each output unit a neuron process, each kernel connection (not the padding taps) a
    /// synapse process with its tap's weight. Equal to the engine's direct convolution and to the textbook loops.
    @Test func fastEngineEqualsMessageLevelSimulationOnRandomCNNChipsAndFaults() throws {
        var rng = Xoshiro256(seed: 2025)
        for trial in 0..<200 {
            let chip = ConvolutionalChips.random(&rng, size: trial % 2 == 0 ? .small : .medium)
            let p = 0.3 * rng.nextUnit()
            let faults = FaultSet(
                neurons: chip.widths.map { n in (0..<n).filter { _ in rng.nextUnit() < p } },
                synapses: chip.allLayers.map { layer in (0..<layer.synapseCount).filter { _ in rng.nextUnit() < p } })
            let inputs = InputBatch.uniform(count: 4, dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let network = ChipNetwork(chip: chip)
            #expect(network.synapses.map(\.count) == chip.allLayers.map(\.synapseCount))
            // Pristine: every synapse delivers exactly once per inference.
            _ = try network.infer(Array(inputs.row(0)))
            #expect(network.synapticMessagesDelivered == chip.synapseCount)
            try network.apply(faults)
            let reference = try network.infer(inputs)
            let fast = Evaluator(chip: chip).outputs(inputs, faults: faults)
            let m = chip.outputCount
            for i in 0..<inputs.count {
                let textbook = ConvolutionalChips.forward(chip, Array(inputs.row(i)), faults)
                for k in 0..<m {
                    let (a, b, c) = (reference[i * m + k], fast[i * m + k], textbook[k])
                    #expect(abs(a - b) <= 1e-12 * max(1, abs(a)), "trial \(trial): \(a) vs \(b)")
                    #expect(b == c, "trial \(trial): engine \(b) vs textbook \(c)")
                }
            }
        }
    }
}

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

    /// Sparse chips: the message-level engine built from the CSR synapses equals itself on the dense expansion
    /// bit for bit (same terms in the same order, the expansion's extra ones exact zeros), with random crashes and
    /// changed synapse weights; and equals the fast engine to 1e-12 on crashes (which sums in its own order, as on
    /// dense chips). Every synapse that exists delivers exactly once per pristine inference.
    @Test func messageLevelEngineOnASparseChipEqualsItsDenseExpansionAndTheFastEngine() throws {
        var rng = Xoshiro256(seed: 2026)
        var sparseLayers = 0, changed = 0
        for trial in 0..<200 {
            let chip = SparseChips.random(&rng)
            sparseLayers += chip.hidden.filter { $0.sparse != nil }.count
            let p = 0.3 * rng.nextUnit()
            let crashes = FaultSet(
                neurons: chip.widths.map { n in (0..<n).filter { _ in rng.nextUnit() < p } },
                synapses: chip.allLayers.map { layer in (0..<layer.synapseCount).filter { _ in rng.nextUnit() < p } })
            var faults = crashes
            for (l, layer) in chip.allLayers.enumerated() {
                let crashed = Set(faults.synapses[l])
                for k in 0..<layer.synapseCount where !crashed.contains(k) && rng.nextUnit() < p {
                    faults.weights[l].append(FaultSet.Entry(index: k, value: rng.nextNormal()))
                }
                changed += faults.weights[l].count
            }
            let inputs = InputBatch.uniform(count: 4, dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let network = ChipNetwork(chip: chip)
            _ = try network.infer(Array(inputs.row(0)))
            #expect(network.synapticMessagesDelivered == chip.synapseCount)
            try network.apply(faults)
            let sparse = try network.infer(inputs)
            let dense = SparseChips.denseEquivalent(chip)
            let expansion = try ChipNetwork(chip: dense, faults: SparseChips.denseFaults(faults, chip: chip)).infer(inputs)
            #expect(sparse.map(\.bitPattern) == expansion.map(\.bitPattern), "trial \(trial): \(sparse) vs \(expansion)")
            let reference = try ChipNetwork(chip: chip, faults: crashes).infer(inputs)
            let fast = Evaluator(chip: chip).outputs(inputs, faults: crashes)
            for (a, b) in zip(reference, fast) {
                #expect(abs(a - b) <= 1e-12 * max(1, abs(a)), "trial \(trial): \(a) vs \(b)")
            }
        }
        #expect(sparseLayers > 250 && changed > 200, "\(sparseLayers) sparse layers, \(changed) changed weights")
    }
}

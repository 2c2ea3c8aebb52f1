import NeuroFailCore
import NeuroFailEngine
import Testing

@testable import NeuroFailKernel

struct MessageLevelChipEvaluatorTests {
    /// The two implementations of the evaluator protocol, seen only through it, follow the same random sequences of
    /// faults (crashes, stuck neurons, changed stored weights) and repairs with the same outputs.
    @Test func bothEvaluatorsAgreeThroughTheProtocolAcrossFaultsAndRepairs() throws {
        var rng = Xoshiro256(seed: 77)
        for trial in 0..<60 {
            let depth = 1 + trial % 3
            let chip = Chip.random(
                inputs: 1 + rng.nextIndex(4), widths: (0..<depth).map { _ in 1 + rng.nextIndex(5) }, outputs: 1 + rng.nextIndex(3),
                activation: Activation(Activation.Function.allCases[trial % Activation.Function.allCases.count], lipschitz: 1),
                seed: UInt64(trial))
            let inputs = InputBatch.uniform(count: 4, dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let evaluators: [any ChipEvaluator] = [
                try MessageLevelEvaluatorFactory(chip: chip, inputs: inputs).makeEvaluator(),
                DenseEvaluatorFactory(chip: chip, inputs: inputs).makeEvaluator(),
            ]
            for _ in 0..<8 {
                let change = Self.randomChange(chip, &rng)
                for e in evaluators { e.apply(change) }
                #expect(evaluators[0].faults == evaluators[1].faults)
                let (a, b) = (evaluators[0].outputs(), evaluators[1].outputs())
                #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($0)) }, "trial \(trial) after \(change)")
            }
        }
    }

    /// A crash, a stuck value or a repair of a neuron; a crash or a repair of a synapse; a stored weight changed (as a
    /// bit flip does) or written back.
    static func randomChange(_ chip: Chip, _ rng: inout Xoshiro256) -> ComponentChange {
        switch rng.nextIndex(3) {
        case 0:
            let l = rng.nextIndex(chip.depth)
            let n = NeuronID(layer: l + 1, index: rng.nextIndex(chip.widths[l]))
            let conditions: [ComponentChange.NeuronCondition] = [.alive, .crashed, .crashed, .stuck(4 * rng.nextUnit() - 2)]
            return .neuron(n, conditions[rng.nextIndex(conditions.count)])
        case 1:
            let l = rng.nextIndex(chip.depth + 1)
            let m = chip.allLayers[l]
            return .synapse(
                SynapseID(layer: l + 1, target: rng.nextIndex(m.outputs), source: rng.nextIndex(m.inputs)),
                crashed: rng.nextIndex(3) != 0)
        default:
            let l = rng.nextIndex(chip.depth + 1)
            let m = chip.allLayers[l]
            let s = SynapseID(layer: l + 1, target: rng.nextIndex(m.outputs), source: rng.nextIndex(m.inputs))
            let design = m.weight(target: s.target, source: s.source)
            return .weight(s, rng.nextIndex(4) == 0 ? design : design + 8 * rng.nextUnit() - 4)
        }
    }

    @Test func aFaultChangesOnlyTheProcessItHitsWithoutRebuilding() throws {
        let chip = try ChipNetworkTests.handChip()
        let evaluator = MessageLevelChipEvaluator(chip: chip, inputs: InputBatch(count: 1, dimension: 2, values: [0.5, 0.5]))
        let network = evaluator.network
        evaluator.apply(.neuron(NeuronID(layer: 1, index: 1), .crashed))
        #expect(evaluator.network === network)
        #expect(network.state(of: NeuronID(layer: 1, index: 1)) == .crashed)
        #expect(network.state(of: NeuronID(layer: 1, index: 0)) == .alive && network.state(of: NeuronID(layer: 2, index: 1)) == .alive)
        // Hand chip, x = (0.5, 0.5) with n1.1 crashed: −4.5 (ChipNetworkTests); repaired: −3.
        #expect(evaluator.outputs() == [-4.5])
        evaluator.apply(.neuron(NeuronID(layer: 1, index: 1), .alive))
        #expect(evaluator.outputs() == [-3] && network.inferenceCount == 2)
    }

    @Test func theFactoryRefusesInputsOfAnotherDimension() throws {
        let chip = try ChipNetworkTests.handChip()
        #expect(throws: KernelError.inputDimension(expected: 2, got: 3)) {
            try MessageLevelEvaluatorFactory(chip: chip, inputs: InputBatch(count: 1, dimension: 3, values: [0, 0, 0]))
        }
    }
}

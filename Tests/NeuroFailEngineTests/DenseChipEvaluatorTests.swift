import NeuroFailCore
import Testing

@testable import NeuroFailEngine

struct DenseChipEvaluatorTests {
    @Test func changesAppliedOneAtATimeGiveTheOutputsOfTheirFaultSet() {
        let chip = Chip.random(inputs: 4, widths: [6, 5], outputs: 3, activation: Activation(.relu, lipschitz: 1), seed: 2)
        let inputs = InputBatch.uniform(count: 70, dimension: 4, domain: .unit, seed: 1)
        let factory = DenseEvaluatorFactory(chip: chip, inputs: inputs, threads: 1)
        let evaluator = factory.makeEvaluator()
        #expect(evaluator.outputs() == Evaluator(chip: chip).outputs(inputs, faults: FaultSet(pristine: chip)))
        let changes: [ComponentChange] = [
            .neuron(NeuronID(layer: 2, index: 1), .crashed), .synapse(SynapseID(layer: 1, target: 0, source: 3), crashed: true),
            .synapse(SynapseID(layer: 3, target: 2, source: 4), crashed: true), .neuron(NeuronID(layer: 1, index: 5), .crashed),
            .neuron(NeuronID(layer: 2, index: 1), .alive),
        ]
        var faults = FaultSet(pristine: chip)
        for change in changes {
            evaluator.apply(change)
            faults.apply(change, chip: chip)
            #expect(evaluator.faults == faults)
            #expect(evaluator.outputs() == Evaluator(chip: chip).outputs(inputs, faults: faults), "after \(change)")
        }
        #expect(faults.neurons == [[5], []], "the neuron made alive again is gone from the set")
    }

    @Test func evaluatorsOfOneFactoryKeepTheirOwnCondition() {
        let chip = Chip.random(inputs: 2, widths: [3], outputs: 1, activation: Activation(.relu, lipschitz: 1), seed: 3)
        let factory = DenseEvaluatorFactory(chip: chip, inputs: .uniform(count: 5, dimension: 2, domain: .unit, seed: 2))
        let a = factory.makeEvaluator(), b = factory.makeEvaluator()
        a.apply(.neuron(NeuronID(layer: 1, index: 0), .crashed))
        #expect(a.faults.count == 1 && b.faults.isEmpty && factory.name == "fast")
    }
}

import NeuroFailCore
import Testing

@testable import NeuroFailEngine

struct EvaluatorPreparedTests {
    /// Recomputing only from the first changed layer (and only the changed rows) must give the same bits as
    /// evaluating from scratch, for faults in every layer and for none.
    @Test(arguments: Activation.Function.allCases)
    func preparedOutputsEqualTheFullComputationToTheLastBit(_ function: Activation.Function) {
        var rng = Xoshiro256(seed: 99)
        for (trial, widths) in [[5], [6, 4], [5, 4, 3], [3, 3, 3, 3]].enumerated() {
            let chip = randomChip(4, widths, 3, function, seed: UInt64(10 + trial))
            let evaluator = Evaluator(chip: chip)
            let inputs = InputBatch.uniform(count: 70, dimension: 4, domain: .unit, seed: UInt64(trial))
            let prepared = evaluator.prepare(inputs)
            #expect(evaluator.outputs(prepared, faults: FaultSet(pristine: chip)) == evaluator.outputs(inputs, faults: FaultSet(pristine: chip)))
            for round in 0..<12 {
                // Alternate: neurons only, synapses only, both; in random layers.
                let neurons = widths.map { round % 3 == 1 ? 0 : min(rng.nextIndex(3), $0) }
                let synapses = chip.allLayers.map { round % 3 == 0 ? 0 : min(rng.nextIndex(3), $0.synapseCount) }
                let faults = randomFaults(chip, neurons: neurons, synapses: synapses, rng: &rng)
                #expect(evaluator.outputs(prepared, faults: faults) == evaluator.outputs(inputs, faults: faults))
                #expect(evaluator.outputs(prepared, faults: faults, threads: 1) == evaluator.outputs(prepared, faults: faults, threads: 2))
            }
        }
    }
}

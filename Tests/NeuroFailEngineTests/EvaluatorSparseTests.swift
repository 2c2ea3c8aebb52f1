import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailEngine

/// The fast engine on sparse layers against the dense expansion of the same chip: bit for bit (the sparse sums add
/// the dense sums' nonzero terms in the same order), with crashed neurons and synapses in every layer.
struct EvaluatorSparseTests {
    @Test func sparseLayersEqualTheDenseExpansionBitForBit() {
        var rng = Xoshiro256(seed: 29)
        var compared = 0
        for trial in 0..<300 {
            let chip = SparseChips.random(&rng)
            let dense = SparseChips.denseEquivalent(chip)
            let faults = trial % 5 == 0 ? FaultSet(pristine: chip) : EvaluatorConvolutionTests.randomFaults(chip, &rng)
            let denseFaults = SparseChips.denseFaults(faults, chip: chip)
            let batch = InputBatch.uniform(
                count: 1 + rng.nextIndex(130), dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let fast = Evaluator(chip: chip).outputs(batch, faults: faults)
            #expect(fast == Evaluator(chip: dense).outputs(batch, faults: denseFaults), "trial \(trial)")
            let m = chip.outputCount
            for i in 0..<batch.count {
                let x = Array(batch.row(i))
                #expect(Array(fast[(i * m)..<((i + 1) * m)]) == Evaluator(chip: dense).output(for: x, faults: denseFaults))
                compared += 1
            }
        }
        #expect(compared > 10_000)
    }

    @Test func changedStoredWeightsOfSparseLayersEqualTheDenseExpansionBitForBit() {
        var rng = Xoshiro256(seed: 31)
        var changed = 0
        for trial in 0..<200 {
            let chip = SparseChips.random(&rng)
            var faults = EvaluatorConvolutionTests.randomFaults(chip, &rng)
            for (l, layer) in chip.allLayers.enumerated() {
                for k in 0..<layer.synapseCount where rng.nextUnit() < 0.3 {
                    let (t, source) = layer.synapse(at: k)
                    let id = SynapseID(layer: l + 1, target: t, source: source)
                    faults.apply(.weight(id, rng.nextNormal(mean: 0, std: 3)), chip: chip)
                    changed += 1
                }
            }
            let batch = InputBatch.uniform(
                count: 1 + rng.nextIndex(130), dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let dense = Evaluator(chip: SparseChips.denseEquivalent(chip))
                .outputs(batch, faults: SparseChips.denseFaults(faults, chip: chip))
            let evaluator = Evaluator(chip: chip)
            #expect(evaluator.outputs(batch, faults: faults) == dense, "trial \(trial)")
            #expect(evaluator.outputs(evaluator.prepare(batch), faults: faults) == dense, "trial \(trial): prepared path")
            #expect(Array(evaluator.output(for: Array(batch.row(0)), faults: faults)) == Array(dense[0..<chip.outputCount]))
        }
        #expect(changed > 500)
    }
}

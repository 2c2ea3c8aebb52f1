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
}

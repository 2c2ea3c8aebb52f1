import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailEngine

/// The direct convolution of the fast engine (Evaluator+Convolution.swift) against the dense expansion of the same
/// chip run through the dense kernels, and against the textbook loops of `ConvolutionalChips.forward`: bit for bit
/// (the sums add the same nonzero terms in the same order), on random 1-D and 2-D CNN chips with crashed neurons and
/// synapses in every layer, in every evaluation path (plain, batched, prepared, campaigns).
struct EvaluatorConvolutionTests {
    /// Random crashes: each neuron and synapse independently with a probability drawn per chip (some sets empty).
    static func randomFaults(_ chip: Chip, _ rng: inout Xoshiro256) -> FaultSet {
        let p = 0.3 * rng.nextUnit()
        return FaultSet(
            neurons: chip.widths.map { n in (0..<n).filter { _ in rng.nextUnit() < p } },
            synapses: chip.allLayers.map { layer in (0..<layer.synapseCount).filter { _ in rng.nextUnit() < p } })
    }

    @Test func directConvolutionEqualsTheDenseExpansionAndTheTextbookLoopsBitForBit() {
        var rng = Xoshiro256(seed: 17)
        var compared = 0
        for trial in 0..<300 {
            let chip = ConvolutionalChips.random(&rng, size: trial % 2 == 0 ? .small : .medium)
            let dense = ConvolutionalChips.denseEquivalent(chip)
            let faults = trial % 5 == 0 ? FaultSet(pristine: chip) : Self.randomFaults(chip, &rng)
            let denseFaults = ConvolutionalChips.denseFaults(faults, chip: chip)
            // 1 to 130 inputs: whole blocks of 16 and 64 and the scalar remainder.
            let batch = InputBatch.uniform(
                count: 1 + rng.nextIndex(130), dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let fast = Evaluator(chip: chip).outputs(batch, faults: faults)
            let expanded = Evaluator(chip: dense).outputs(batch, faults: denseFaults)
            #expect(fast == expanded, "trial \(trial): \(chip.json.rendered(indent: 0))")
            let prepared = Evaluator(chip: chip).outputs(Evaluator(chip: chip).prepare(batch), faults: faults)
            #expect(prepared == fast, "trial \(trial): prepared path")
            let m = chip.outputCount
            for i in 0..<batch.count {
                let x = Array(batch.row(i))
                let textbook = ConvolutionalChips.forward(chip, x, faults)
                #expect(Array(fast[(i * m)..<((i + 1) * m)]) == textbook, "trial \(trial), input \(i)")
                #expect(Evaluator(chip: chip).output(for: x, faults: faults) == textbook)
                compared += 1
            }
        }
        #expect(compared > 10_000)
    }

    @Test func campaignsOnACNNEqualTheCampaignsOnItsDenseExpansion() {
        var rng = Xoshiro256(seed: 23)
        for trial in 0..<40 {
            let chip = ConvolutionalChips.random(&rng, size: .small)
            let dense = ConvolutionalChips.denseEquivalent(chip)
            let inputs = InputBatch.uniform(count: 70, dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            // One crash in every hidden layer and one synapse in the first convolution: the general path, with the
            // prefix reuse of the last layer; the synapse sets of the two chips are numbered differently, so only
            // the neuron-only campaigns are compared set by set.
            let neurons = chip.widths.map { min($0, 1) }
            let a = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: neurons)).run()
            let b = OmegaCampaign(chip: dense, inputs: inputs, selection: .perLayer(neurons: neurons)).run()
            #expect(a.omegaMax == b.omegaMax && a.perInputMax == b.perInputMax && a.worstFaultSet == b.worstFaultSet)
            #expect(a.deviationSum.value == b.deviationSum.value)
            // Synapse crashes: every single synapse of the chip, and the plain reference over the same sets.
            var synapses = chip.allLayers.map { _ in 0 }
            synapses[0] = 1
            let campaign = OmegaCampaign(
                chip: chip, inputs: inputs, selection: .perLayer(neurons: chip.widths.map { _ in 0 }, synapses: synapses))
            #expect(campaign.setCount == chip.hidden[0].synapseCount)
            expectEqual(campaign.run(), plainOmega(campaign))
            let total = OmegaCampaign(chip: chip, inputs: inputs, selection: .total(min(2, chip.neuronCount)))
            expectEqual(total.run(), plainOmega(total))
        }
    }

    @Test func singleCrashRankingOfACNNListsEveryKernelConnection() {
        var rng = Xoshiro256(seed: 29)
        let chip = ConvolutionalChips.random(&rng, size: .small)
        let inputs = InputBatch.uniform(count: 20, dimension: chip.inputCount, domain: chip.inputDomain, seed: 1)
        let ranking = SingleCrashRanking(chip: chip, inputs: inputs)
        let synapses = ranking.impacts.compactMap { impact -> SynapseID? in
            if case let .synapse(s) = impact.component { return s }
            return nil
        }
        #expect(synapses.count == chip.synapseCount && ranking.impacts.count == chip.neuronCount + chip.synapseCount)
        let evaluator = Evaluator(chip: chip)
        let pristine = evaluator.outputs(inputs, faults: FaultSet(pristine: chip))
        for impact in ranking.impacts {
            guard case let .synapse(s) = impact.component else { continue }
            // The crash of exactly that synapse, by the textbook loops.
            var faults = FaultSet(pristine: chip)
            faults.crash(s, on: chip)
            var worst = 0.0
            for i in 0..<inputs.count {
                let out = ConvolutionalChips.forward(chip, Array(inputs.row(i)), faults)
                for k in 0..<chip.outputCount { worst = max(worst, abs(pristine[i * chip.outputCount + k] - out[k])) }
            }
            #expect(impact.omegaMax == worst, "\(s)")
        }
    }
}

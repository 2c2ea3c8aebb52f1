import NeuroFailCore
import Testing

@testable import NeuroFailEngine

/// Keeping a_L per prefix of crashes (the general path's shortcut when the last hidden layer's crashes vary fastest,
/// then the linear identity F_pristine − F_fail = D + Σ C_j for the last layer) must agree with recomputing every
/// set from its first crash, to rounding, and give the same bits whatever the thread count.
struct PrefixReuseTests {
    @Test(arguments: Activation.Function.allCases)
    func prefixReuseAgreesWithRecomputingEverySet(_ function: Activation.Function) {
        let cases: [([Int], [Int], [Int]?)] = [
            ([4, 3, 5], [1, 1, 2], nil),
            ([3, 4], [2, 1], nil),
            ([3, 3, 3], [1, 0, 1], nil),
            ([3, 3, 3], [0, 2, 2], nil),
            ([4, 4], [1, 2], [0, 1, 0]),  // a synapse factor after the last layer's: no reuse, same result
        ]
        for (trial, (widths, crashes, synapses)) in cases.enumerated() {
            let chip = randomChip(5, widths, 3, function, seed: UInt64(40 + trial))
            let inputs = InputBatch.uniform(count: 150, dimension: 5, domain: .unit, seed: UInt64(trial))
            let campaign = OmegaCampaign(
                chip: chip, inputs: inputs, selection: .perLayer(neurons: crashes, synapses: synapses), mode: .exhaustive)
            var plain = campaign
            plain.allowsPrefixReuse = false
            #expect((campaign.prefixReuseFactor != nil) == (synapses == nil && crashes.last ?? 0 > 0 && crashes.dropLast().contains { $0 > 0 }))
            let fast = campaign.run(threads: 2)
            let slow = plain.run(threads: 2)
            #expect(fast == campaign.run(threads: 1), "case \(trial)")
            #expect(fast.configurations == slow.configurations && fast.inputs == slow.inputs)
            for (x, y) in [(fast.omegaAverage, slow.omegaAverage), (fast.omegaMaxAverage, slow.omegaMaxAverage),
                           (fast.omegaMax, slow.omegaMax), (fast.omegaStd, slow.omegaStd)] {
                #expect(abs(x - y) <= 1e-12 * max(abs(x), abs(y), 1e-300), "case \(trial): \(x) vs \(y)")
            }
            for (x, y) in zip(fast.perInputMax, slow.perInputMax) {
                #expect(abs(x - y) <= 1e-12 * max(abs(x), abs(y), 1e-300))
            }
        }
    }

    /// A worker's chunks share one pair of block buffers: a chunk run on buffers that an earlier chunk left behind
    /// (and buffers full of NaN) gives the tally of the same chunk on fresh ones, bit for bit, with and without
    /// prefix reuse; so nothing a chunk reads comes from before it.
    @Test func chunksOnAWorkersSharedBuffersGiveTheTalliesOfFreshOnes() {
        let chip = randomChip(5, [4, 3, 5], 3, .relu, seed: 61)
        let inputs = InputBatch.uniform(count: 150, dimension: 5, domain: .unit, seed: 3)
        var campaign = OmegaCampaign(
            chip: chip, inputs: inputs, selection: .perLayer(neurons: [1, 1, 2], synapses: nil), mode: .exhaustive)
        for reuse in [true, false] {
            campaign.allowsPrefixReuse = reuse
            let table = campaign.evaluator.pristineActivations(inputs, threads: 1)
            let width = campaign.evaluator.maxWidth, size = Evaluator.blockSize
            func fresh() -> (BlockScratch, BlockScratch) {
                (BlockScratch(width: width, count: size), BlockScratch(width: width, count: size))
            }
            let (earlierScratch, earlierCopy) = fresh()
            _ = campaign.generalChunk(0..<37, table: table, scratch: earlierScratch, copy: earlierCopy)
            let (poisoned, poisonedCopy) = fresh()
            for buffer in [poisoned.front, poisoned.back, poisonedCopy.front, poisonedCopy.back] {
                buffer.update(repeating: .nan, count: width * size)
            }
            let (scratch, copy) = fresh()
            let expected = campaign.generalChunk(37..<120, table: table, scratch: scratch, copy: copy)
            for (s, c) in [(earlierScratch, earlierCopy), (poisoned, poisonedCopy)] {
                let got = campaign.generalChunk(37..<120, table: table, scratch: s, copy: c)
                #expect(got.sum == expected.sum && got.squares == expected.squares, "reuse \(reuse)")
                #expect(got.perInputMax.map(\.bitPattern) == expected.perInputMax.map(\.bitPattern))
                #expect(got.setSums.map(\.bitPattern) == expected.setSums.map(\.bitPattern))
                #expect(got.worst.bitPattern == expected.worst.bitPattern && got.worstSet == expected.worstSet)
                #expect(got.worstInput == expected.worstInput)
            }
        }
    }

    /// Integer weights and 0/1 inputs make every deviation exact and most of them tied: prefix reuse (a crash in the
    /// first hidden layer, the last layer's crashes varying fastest) must name the worst run the record's rule names
    /// (sets in order, then inputs in order, the first strictly larger), as recomputing every set does, for readouts
    /// with their own loop (2, 10) and one without (3).
    @Test(arguments: [2, 3, 10])
    func prefixReuseNamesTheFirstWorstRunAmongTies(_ outputs: Int) throws {
        let (chip, inputs) = try tiedChip(hidden: [4, 6], outputs: outputs, seed: UInt64(100 + outputs))
        for f in 1...3 {
            var campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [1, f]))
            #expect(campaign.prefixReuseFactor != nil)
            let worst = firstWorstRun(campaign, blocks: false)
            for threads in [1, 2] {
                let stats = campaign.run(threads: threads)
                #expect(stats.omegaMax == worst.value)
                #expect(stats.worstFaultSet == campaign.faultSet(at: worst.set), "f = \(f), \(threads) threads")
                #expect(stats.worstInput == worst.input, "f = \(f), \(threads) threads")
            }
            // Without the reuse (every set recomputed and recorded), the same run.
            campaign.allowsPrefixReuse = false
            let plain = campaign.run(threads: 1)
            #expect(plain.worstFaultSet == campaign.faultSet(at: worst.set) && plain.worstInput == worst.input)
        }
    }
}

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

    /// Integer weights and 0/1 inputs make every deviation exact and most of them tied: prefix reuse (a crash in the
    /// first hidden layer, the last layer's crashes varying fastest) must name the worst run the record's rule names
    /// (sets in order, then inputs in order, the first strictly larger), as recomputing every set does, for readouts
    /// with their own loop (2, 10) and one without (3).
    @Test(arguments: [2, 3, 10])
    func prefixReuseNamesTheFirstWorstRunAmongTies(_ outputs: Int) throws {
        var rng = SplitMix64(seed: UInt64(100 + outputs))
        func integers(_ rows: Int, _ columns: Int) -> String {
            "[" + (0..<rows).map { _ in
                "[" + (0..<columns).map { _ in String(Int(rng.next() % 5) - 2) }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "]"
        }
        let json = """
            {"format": "neurofail.chip/1", "name": "ties", "inputs": 2, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"weights": \(integers(4, 2)), "bias": \(Array(repeating: 1, count: 4))},
                        {"weights": \(integers(6, 4)), "bias": \(Array(repeating: 1, count: 6))}],
             "readout": {"weights": \(integers(outputs, 6)), "bias": \(Array(repeating: 0, count: outputs))}}
            """
        let chip = try chip(json: json)
        let m = 150
        let inputs = InputBatch(count: m, dimension: 2, values: (0..<(2 * m)).map { _ in Double(rng.next() % 2) })
        let evaluator = Evaluator(chip: chip)
        let rows = (0..<m).map { Array(inputs.row($0)) }
        let pristine = rows.map { evaluator.output(for: $0, faults: FaultSet(pristine: chip)) }
        for f in 1...3 {
            var campaign = OmegaCampaign(chip: chip, inputs: inputs, selection: .perLayer(neurons: [1, f]))
            #expect(campaign.prefixReuseFactor != nil)
            var worst = -Double.infinity, worstSet = -1, worstInput = -1
            for n in 0..<campaign.setCount {
                let faults = campaign.faultSet(at: n)
                for i in 0..<m {
                    let failed = evaluator.output(for: rows[i], faults: faults)
                    let deviation = campaign.norm(zip(pristine[i], failed).map { $0 - $1 })
                    if deviation > worst { (worst, worstSet, worstInput) = (deviation, n, i) }
                }
            }
            for threads in [1, 2] {
                let stats = campaign.run(threads: threads)
                #expect(stats.omegaMax == worst)
                #expect(stats.worstFaultSet == campaign.faultSet(at: worstSet), "f = \(f), \(threads) threads")
                #expect(stats.worstInput == worstInput, "f = \(f), \(threads) threads")
            }
            // Without the reuse (every set recomputed and recorded), the same run.
            campaign.allowsPrefixReuse = false
            let plain = campaign.run(threads: 1)
            #expect(plain.worstFaultSet == campaign.faultSet(at: worstSet) && plain.worstInput == worstInput)
        }
    }
}

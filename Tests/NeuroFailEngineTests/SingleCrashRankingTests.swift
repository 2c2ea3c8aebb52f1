import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailEngine

struct SingleCrashRankingTests {
    /// Each component's Ω against the plain one-input path (Evaluator.output(for:faults:)) on random chips of every
    /// activation, for every norm.
    @Test(arguments: Activation.Function.allCases)
    func everySingleCrashEqualsThePlainComputation(function: Activation.Function) {
        let chip = randomChip(3, [4, 3], 2, function, seed: 21)
        let inputs = InputBatch.uniform(count: 70, dimension: 3, domain: .unit, seed: 22)
        let evaluator = Evaluator(chip: chip)
        for norm in DeviationNorm.allCases {
            let ranking = SingleCrashRanking(chip: chip, inputs: inputs, norm: norm)
            #expect(ranking.impacts.count == chip.neuronCount + chip.synapseCount)
            for impact in ranking.impacts {
                let faults = impact.component.faults(on: chip)
                var worst = -1.0, at = 0, total = 0.0
                for i in 0..<inputs.count {
                    let x = Array(inputs.row(i))
                    let a = evaluator.output(for: x, faults: FaultSet(pristine: chip)), b = evaluator.output(for: x, faults: faults)
                    let d = norm(zip(a, b).map { $0 - $1 })
                    total += d
                    if d > worst { (worst, at) = (d, i) }
                }
                #expect(impact.omegaMax == worst, "\(impact.component)")
                #expect(impact.worstInput == at)
                #expect(abs(impact.omegaAverage - total / Double(inputs.count)) <= 1e-12 * max(1, worst))
            }
        }
    }

    @Test func componentsAreEnumeratedInLayerOrderAndFaultSetsCrashExactlyOne() throws {
        let chip = try handChip()
        let ranking = SingleCrashRanking(chip: chip, inputs: handInputs)
        let ids = ranking.impacts.map(\.component.description)
        #expect(ids.prefix(4) == ["n1.0", "n1.1", "n2.0", "n2.1"])
        #expect(ids.dropFirst(4).prefix(4) == ["s1.0.0", "s1.0.1", "s1.1.0", "s1.1.1"])
        #expect(ids.last == "s3.0.1")
        let faults = SingleCrashRanking.Component.synapse(SynapseID(layer: 2, target: 1, source: 0)).faults(on: chip)
        #expect(faults.synapses == [[], [2], []] && faults.neurons == [[], []])
    }

    @Test func theRankingIsTheSameWhateverTheThreadCount() {
        let chip = randomChip(5, [6, 5], 3, .tanh, seed: 23)
        let inputs = InputBatch.uniform(count: 150, dimension: 5, domain: .unit, seed: 24)
        let one = SingleCrashRanking(chip: chip, inputs: inputs, threads: 1).ranked
        let four = SingleCrashRanking(chip: chip, inputs: inputs, threads: 4).ranked
        #expect(one == four)
        #expect(zip(one, one.dropFirst()).allSatisfy { $0.omegaMax >= $1.omegaMax })
    }
}

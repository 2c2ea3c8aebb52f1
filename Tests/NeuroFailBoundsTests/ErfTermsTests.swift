import NeuroFailBounds
import NeuroFailCore
import Testing

struct ErfTermsTests {
    @Test func handChipTermsAreThePerLayerProductsOfTheory() throws {
        let bound = ErfBound(chip: try handChip())
        let terms = bound.terms(FaultCounts(neurons: [1, 1], synapses: [1, 1, 1]))
        // D_2 = w_m^(3) = 2; D_1 = w_m^(3) (N_2 − f_2) K_2 w_m^(2) = 2 · 1 · 1 · 2 = 4.
        #expect(terms.downstreamFactors == [4, 2])
        // C_1 f_1 D_1 = 3 · 1 · 4, C_2 f_2 D_2 = 6 · 1 · 2.
        #expect(terms.neurons == [12, 12])
        // K_1 w_m^(1) C_0 D_1 = 1 · 2 · 1 · 4; K_2 w_m^(2) C_1 D_2 = 1 · 2 · 3 · 2; w_m^(3) C_2 = 2 · 6.
        #expect(terms.synapses == [8, 12, 12])
        #expect(terms.total == 56)
        #expect(bound.erf(FaultCounts(neurons: [1, 1], synapses: [1, 1, 1])) == 56)
    }

    @Test func totalIsTheSumOfAllTermsOnRandomChips() {
        var rng = Xoshiro256(seed: 11)
        for _ in 0..<200 {
            let (chip, counts) = randomChipAndCounts(&rng)
            let bound = ErfBound(chip: chip)
            let terms = bound.terms(counts, .mean)
            #expect(terms.neurons.count == chip.depth && terms.synapses.count == chip.depth + 1)
            #expect(terms.neurons.allSatisfy { $0 >= 0 } && terms.synapses.allSatisfy { $0 >= 0 })
            #expect(close(terms.total, terms.neurons.reduce(0, +) + terms.synapses.reduce(0, +), relative: 1e-12))
            #expect(terms.total == bound.erf(counts, .mean))
        }
    }

    @Test func aLayerWithoutCrashesContributesNothing() throws {
        let bound = ErfBound(chip: try decodeChip(reluChip.json))
        let terms = bound.terms(FaultCounts(neurons: [0, 2, 0], synapses: [0, 0, 0, 1]))
        #expect(terms.neurons[0] == 0 && terms.neurons[2] == 0 && terms.neurons[1] > 0)
        #expect(terms.synapses.prefix(3).allSatisfy { $0 == 0 } && terms.synapses[3] > 0)
    }
}

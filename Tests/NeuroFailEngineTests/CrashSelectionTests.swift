import NeuroFailCore
import Testing

@testable import NeuroFailEngine

@Suite struct CrashSelectionTests {
    @Test func perLayerCountIsTheProductOfBinomials() {
        let chip = randomChip(5, [6, 4], 3, seed: 1)
        // Matrices: 5×6 = 30, 6×4 = 24 and 4×3 = 12 synapses.
        let selection = CrashSelection.perLayer(neurons: [2, 1], synapses: [1, 0, 2])
        #expect(selection.configurationCount(on: chip) == Double(15 * 4 * 30 * 1 * 66))
        #expect(selection.exactConfigurationCount(on: chip) == 15 * 4 * 30 * 66)
    }

    @Test func exhaustiveEnumerationVisitsEachSetOnce() {
        let chip = randomChip(2, [4, 3], 2, seed: 1)
        let selection = CrashSelection.perLayer(neurons: [2, 1], synapses: [0, 1, 1])
        let campaign = OmegaCampaign(
            chip: chip, inputs: .uniform(count: 1, dimension: 2, domain: .unit, seed: 0), selection: selection,
            mode: .exhaustive)
        let sets = (0..<campaign.setCount).map(campaign.faultSet(at:))
        #expect(campaign.setCount == 6 * 3 * 12 * 6)
        #expect(Set(sets).count == campaign.setCount)
        #expect(sets.allSatisfy { $0.neuronCounts == [2, 1] && $0.synapseCounts == [0, 1, 1] && $0.isValid(for: chip) })
    }

    @Test func totalCountsSetsAcrossAllLayers() {
        let chip = randomChip(2, [4, 3, 3], 2, seed: 1)
        #expect(CrashSelection.total(3).configurationCount(on: chip) == 120)
        let campaign = OmegaCampaign(
            chip: chip, inputs: .uniform(count: 1, dimension: 2, domain: .unit, seed: 0), selection: .total(3),
            mode: .exhaustive)
        let sets = Set((0..<campaign.setCount).map(campaign.faultSet(at:)))
        #expect(sets.count == 120)
        #expect(sets.allSatisfy { $0.neuronCounts.reduce(0, +) == 3 })
    }

    @Test func hugeCountsAreDoublesAndTheExactCountIsNilOnOverflow() {
        let chip = randomChip(2, [50, 50, 50], 1, seed: 1)
        let count = CrashSelection.total(50).configurationCount(on: chip)
        #expect(close(count, 2.0128660909731933e40, 1e-12))  // C(150, 50)
        #expect(CrashSelection.total(50).exactConfigurationCount(on: chip) == nil)
        #expect(Binomial.exact(67, 33) == 14_226_520_737_620_288_370)
        #expect(Binomial.exact(68, 34) == nil)
    }
}

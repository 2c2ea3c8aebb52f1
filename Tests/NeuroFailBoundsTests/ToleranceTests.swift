import NeuroFailBounds
import NeuroFailCore
import Testing

struct ToleranceTests {
    @Test func handChipToleranceAtBudget12() throws {
        let tolerance = try ErfBound(chip: try handChip()).tolerance(budget: 12)
        // One crash costs 24 in layer 1 and 12 in layer 2; one synapse 16, 12, 12 (Docs/theory.md, section 8).
        #expect(tolerance.neuronsPerLayer == [0, 1])
        #expect(tolerance.synapsesPerMatrix == [0, 1, 1])
        #expect(tolerance.neurons == 0)
        #expect(tolerance.firstBreak?.neurons == [1, 0] && tolerance.firstBreak?.erf == 24)
        #expect(tolerance.budget == 12 && tolerance.statistic == .max)
    }

    @Test func handChipToleranceAtBudget24() throws {
        let tolerance = try ErfBound(chip: try handChip()).tolerance(budget: 24)
        #expect(tolerance.neuronsPerLayer == [1, 2])
        #expect(tolerance.synapsesPerMatrix == [1, 2, 2])
        // Every placement of 1 crash stays within 24; (2, 0) reaches 48.
        #expect(tolerance.neurons == 1)
        #expect(tolerance.firstBreak?.neurons == [2, 0] && tolerance.firstBreak?.erf == 48)
    }

    @Test func toleranceCountsEveryFewerCrashTooThoughTheWorstCurveIsNotMonotone() throws {
        // The hand chip's worst Erf is 0, 24, 48, 36, 24 for f = 0...4: at budget 40, f = 3 and 4 fit but f = 2
        // does not, so the chip tolerates 1 crash, not 4.
        let tolerance = try ErfBound(chip: try handChip()).tolerance(budget: 40)
        #expect(tolerance.neurons == 1)
        #expect(tolerance.firstBreak?.neurons == [2, 0])
    }

    @Test func unboundedBudgetToleratesEverythingAndZeroBudgetNothing() throws {
        let bound = ErfBound(chip: try handChip())
        let all = try bound.tolerance(budget: .infinity)
        #expect(all.neurons == 4 && all.firstBreak == nil)
        #expect(all.neuronsPerLayer == [2, 2] && all.synapsesPerMatrix == [4, 4, 2])
        let none = try bound.tolerance(budget: 0, .mean)
        #expect(none.neurons == 0 && none.neuronsPerLayer == [0, 0] && none.synapsesPerMatrix == [0, 0, 0])
        #expect(none.firstBreak?.neurons == [1, 0])
    }

    @Test(arguments: [-1.0, -.infinity, .nan])
    func budgetsThatAreNotNonNegativeNumbersAreRejected(budget: Double) throws {
        let bound = ErfBound(chip: try handChip())
        #expect(throws: BoundsError.self) { try bound.tolerance(budget: budget) }
    }

    /// The definitions in Tolerance.swift, checked by brute force over every placement of every count.
    @Test func toleranceMatchesItsDefinitionByBruteForce() throws {
        var rng = Xoshiro256(seed: 21)
        for _ in 0..<150 {
            let chip = randomChip(&rng, width: 1...4)
            let bound = ErfBound(chip: chip)
            let statistic: WeightStatistic = rng.nextUnit() < 0.5 ? .max : .mean
            let scale = bound.erf(FaultCounts(neurons: chip.widths.map { min($0, 1) }), statistic)
            let budget = scale * 2 * rng.nextUnit()
            let tolerance = try bound.tolerance(budget: budget, statistic)
            let placements = countVectors(chip.widths)
            func worst(_ f: Int) -> Double {
                placements.filter { $0.reduce(0, +) == f }.map { bound.erf(FaultCounts(neurons: $0), statistic) }
                    .max() ?? 0
            }
            for f in 0...tolerance.neurons { #expect(worst(f) <= budget) }
            if let breaking = tolerance.firstBreak {
                #expect(breaking.neurons.reduce(0, +) == tolerance.neurons + 1)
                #expect(breaking.erf > budget && breaking.erf == worst(tolerance.neurons + 1))
            } else {
                #expect(tolerance.neurons == chip.neuronCount)
            }
            for l in 0..<chip.depth {
                func erf(_ count: Int) -> Double {
                    var f = [Int](repeating: 0, count: chip.depth)
                    f[l] = count
                    return bound.erf(FaultCounts(neurons: f), statistic)
                }
                let tolerated = tolerance.neuronsPerLayer[l]
                #expect(erf(tolerated) <= budget)
                #expect(tolerated == chip.widths[l] || erf(tolerated + 1) > budget)
            }
            for l in 0...chip.depth {
                func erf(_ count: Int) -> Double {
                    var counts = FaultCounts.none(depth: chip.depth)
                    counts.synapses[l] = count
                    return bound.erf(counts, statistic)
                }
                let tolerated = tolerance.synapsesPerMatrix[l]
                #expect(erf(tolerated) <= budget)
                #expect(tolerated == chip.allLayers[l].synapseCount || erf(tolerated + 1) > budget)
            }
        }
    }

    @Test func toleratedCountsNeverShrinkAsTheBudgetGrows() throws {
        var rng = Xoshiro256(seed: 8)
        for _ in 0..<100 {
            let chip = randomChip(&rng)
            let bound = ErfBound(chip: chip)
            let scale =
                bound.erf(FaultCounts(neurons: chip.widths))
                + bound.erf(FaultCounts(neurons: chip.widths.map { _ in 0 }, synapses: chip.allLayers.map { _ in 1 }))
            var previous: Tolerance?
            for step in 0...20 {
                let tolerance = try bound.tolerance(budget: scale * Double(step) / 10, .max)
                if let previous {
                    #expect(tolerance.neurons >= previous.neurons)
                    #expect(zip(tolerance.neuronsPerLayer, previous.neuronsPerLayer).allSatisfy { $0 >= $1 })
                    #expect(zip(tolerance.synapsesPerMatrix, previous.synapsesPerMatrix).allSatisfy { $0 >= $1 })
                }
                previous = tolerance
            }
        }
    }
}

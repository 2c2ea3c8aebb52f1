import NeuroFailBounds
import NeuroFailCore
import Testing

/// The worst-placement programme (ErfBound+Placement.swift) against brute force over every placement.
struct ErfBoundPlacementTests {
    @Test func handChipWorstPlacementsAreTheOnesWorkedOutInTheory() throws {
        let bound = ErfBound(chip: try handChip())
        let curve = bound.worstPlacements()
        #expect(curve.map(\.neurons) == [[0, 0], [1, 0], [2, 0], [2, 1], [2, 2]])
        #expect(curve.map(\.erf) == [0, 24, 48, 36, 24])
        let one = try bound.worstPlacement(crashes: 1)
        #expect(one.neurons == [1, 0] && one.erf == 24)
    }

    @Test func dynamicProgrammeEqualsBruteForceOverAllPlacements() throws {
        var rng = Xoshiro256(seed: 3)
        for _ in 0..<300 {
            let chip = randomChip(&rng, depth: 1...4, width: 1...5)
            let bound = ErfBound(chip: chip)
            var bruteForce = [Double](repeating: -1, count: chip.neuronCount + 1)
            for statistic in WeightStatistic.allCases {
                bruteForce = bruteForce.map { _ in -1 }
                for f in countVectors(chip.widths) {
                    let total = f.reduce(0, +)
                    bruteForce[total] = max(bruteForce[total], bound.erf(FaultCounts(neurons: f), statistic))
                }
                let curve = bound.worstPlacements(statistic)
                #expect(curve.count == chip.neuronCount + 1)
                for (f, worst) in curve.enumerated() {
                    #expect(worst.neurons.reduce(0, +) == f)
                    #expect(zip(worst.neurons, chip.widths).allSatisfy { $0 >= 0 && $0 <= $1 })
                    #expect(worst.erf == bound.erf(FaultCounts(neurons: worst.neurons), statistic))
                    #expect(close(worst.erf, bruteForce[f], relative: 1e-12), "f = \(f) on \(chip.widths)")
                }
                let f = rng.nextIndex(chip.neuronCount + 1)
                let single = try bound.worstPlacement(crashes: f, statistic)
                #expect(single.neurons == curve[f].neurons && single.erf == curve[f].erf)
            }
        }
    }

    @Test func aPrefixOfTheCurveCanBeAskedFor() throws {
        let bound = ErfBound(chip: try decodeChip(reluChip.json))
        let full = bound.worstPlacements()
        let prefix = bound.worstPlacements(upTo: 4)
        #expect(prefix.count == 5)
        #expect(prefix.map(\.neurons) == full.prefix(5).map(\.neurons))
        #expect(bound.worstPlacements(upTo: 1000).count == full.count)
    }

    @Test(arguments: [-1, 5, 100])
    func crashCountsOutsideTheChipAreRejected(f: Int) throws {
        let bound = ErfBound(chip: try handChip())
        #expect(throws: BoundsError.crashCountOutOfRange(requested: f, available: 4)) {
            try bound.worstPlacement(crashes: f)
        }
    }
}

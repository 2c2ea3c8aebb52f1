import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The per-target loops give each row's own value in its place, on one thread or many.
struct RowParallelTests {
    /// A row's value that depends on nothing but its index (and takes a few operations to compute).
    static func value(_ i: Int) -> Double {
        var z = Double(i) * 0.1
        for k in 1...5 { z = z * 1.000_001 + Double(k) }
        return z
    }

    @Test(arguments: [0, 1, 7, 1000, 100_003])
    func mapPutsEveryRowInItsPlaceWhetherSplitOrNot(_ count: Int) {
        let expected = (0..<count).map(Self.value)
        // Below the threshold on the calling thread, above it split into parts (on a machine with 2+ processors).
        #expect(RowParallel.map(count, terms: 1, Self.value) == expected)
        #expect(RowParallel.map(count, terms: RowParallel.threshold, Self.value) == expected)
    }

    @Test func mapIntervalsKeepsTheEndsOfEachRowTogether() {
        let count = 50_001
        let split = RowParallel.mapIntervals(count, terms: RowParallel.threshold) { i in (-Self.value(i), Double(i)) }
        #expect(split.lower == (0..<count).map { -Self.value($0) })
        #expect(split.upper == (0..<count).map(Double.init))
        #expect(RowParallel.mapIntervals(0, terms: RowParallel.threshold) { _ in (1, 2) }.count == 0)
    }

    @Test func theHandChipsIntervalRowsAreTheWorkedOnes() throws {
        let network = PackedNetwork(chip: try handChip())
        let matrix = network.matrices[0]
        let full = PackedNetwork.affine(
            matrix, matrix.weights, bias: matrix.bias, IntervalVector(lower: [-1, 0.5], upper: [2, 3]))
        // By hand: row 0 is y_0 + 2·y_1 ∈ [0, 8], row 1 is 0.5 − y_0 + y_1 ∈ [−1, 4.5], each widened outward by at
        // most its rounding allowance.
        for (i, lo, hi) in [(0, 0.0, 8.0), (1, -1.0, 4.5)] {
            #expect(full.lower[i] <= lo && full.lower[i] >= lo - 1e-12, "row \(i)")
            #expect(full.upper[i] >= hi && full.upper[i] <= hi + 1e-12, "row \(i)")
        }
    }
}

/// The fused pass of a fault set's analysis against the three passes it replaces.
struct PackedNetworkDifferenceTests {
    /// Random intervals (a third of them exactly [0, 0], as unreached Δy are) for `count` sources.
    static func intervals(_ count: Int, _ rng: inout Xoshiro256) -> IntervalVector {
        var lower = [Double](), upper = [Double]()
        for _ in 0..<count {
            if rng.nextIndex(3) == 0 {
                lower.append(0)
                upper.append(0)
            } else {
                let a = rng.nextNormal(mean: 0, std: 3), b = rng.nextNormal(mean: 0, std: 3)
                lower.append(min(a, b))
                upper.append(max(a, b))
            }
        }
        return IntervalVector(lower: lower, upper: upper)
    }

    @Test func oneFusedPassGivesTheThreePassesBitsAndZerosWhereNotAsked() {
        var rng = Xoshiro256(seed: 19)
        var rowsChecked = 0
        for trial in 0..<40 {
            // Dense and sparse matrices; some large enough to be split over threads.
            let chip = trial % 2 == 0
                ? randomChip(&rng, depth: 1...3, width: 1...6, inputs: 1...5)
                : Chip.random(
                    inputs: 300, widths: [1 + rng.nextIndex(5000)], fanIn: 1 + rng.nextIndex(300), outputs: 3,
                    activation: Activation(.relu, lipschitz: 1), mean: 0, std: 1, seed: UInt64(trial))
            let network = PackedNetwork(chip: chip)
            for matrix in network.matrices {
                // Some weights zeroed, as crashed synapses are in the masked copy.
                let weights = matrix.weights.map { rng.nextIndex(5) == 0 ? 0 : $0 }
                let yPrime = Self.intervals(matrix.fanIn, &rng), deltaY = Self.intervals(matrix.fanIn, &rng)
                let only = (0..<matrix.fanOut).map { _ in rng.nextIndex(4) != 0 }
                let fused = PackedNetwork.differenceRows(matrix, weights, yPrime: yPrime, deltaY: deltaY, only: only)
                let zp = PackedNetwork.affine(matrix, weights, bias: matrix.bias, yPrime)
                let d = PackedNetwork.affine(
                    matrix, weights, bias: [Double](repeating: 0, count: matrix.fanOut), deltaY)
                let weighted = PristineAnalysis.weighted(matrix, weights, deltaY.magnitudes)
                for i in 0..<matrix.fanOut {
                    let got = [
                        fused.zPrime.lower[i], fused.zPrime.upper[i], fused.delta.lower[i], fused.delta.upper[i],
                        fused.weighted[i],
                    ]
                    let want = only[i] ? [zp.lower[i], zp.upper[i], d.lower[i], d.upper[i], weighted[i]] : [0, 0, 0, 0, 0]
                    #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "trial \(trial) row \(i)")
                    rowsChecked += 1
                }
            }
        }
        #expect(rowsChecked > 1000)
    }
}

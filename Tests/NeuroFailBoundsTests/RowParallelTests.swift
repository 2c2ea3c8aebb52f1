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

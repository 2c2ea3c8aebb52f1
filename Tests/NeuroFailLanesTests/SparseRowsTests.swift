import NeuroFailCore
import Testing

@testable import NeuroFailLanes
@testable import NeuroFailEngine

/// SparseRows against the scalar sum written from its contract, in every build this processor runs.
@Suite struct SparseRowsTests {
    /// A row of `terms` random sources (repeats allowed, any order) of a table of `units` rows `stride` apart.
    struct Case {
        var weights: [Double], units: [Int], bias: Double, table: [Double], stride: Int, count: Int

        init(terms: Int, count: Int, rng: inout SplitMix64) {
            func uniform() -> Double { (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 20 }
            let tableUnits = 37
            stride = count + 3
            weights = (0..<terms).map { _ in uniform() }
            units = (0..<terms).map { _ in Int(rng.next() % UInt64(tableUnits)) }
            bias = uniform()
            table = (0..<(tableUnits * stride)).map { _ in uniform() }
            self.count = count
        }

        /// bias + w_0·a_0 + w_1·a_1 + … per input, in that order: the contract itself.
        var plain: [Double] {
            (0..<count).map { i in
                var z = bias
                for j in weights.indices { z += weights[j] * table[units[j] * stride + i] }
                return z
            }
        }
    }

    typealias Gathered = LaneKernels.SparseGathered
    typealias Compressed = LaneKernels.SparseCompressed

    static func run(_ kernel: Gathered, _ c: Case) -> [Double] {
        var row = [Double](repeating: .nan, count: c.count)
        let offsets = c.units.map { $0 * c.stride }
        kernel(&row, c.weights, offsets, c.weights.count, c.bias, c.table, c.count)
        return row
    }

    static func run(_ kernel: Compressed, _ c: Case) -> [Double] {
        var row = [Double](repeating: .nan, count: c.count)
        let sources = c.units.map { Int32($0) }
        kernel(&row, c.weights, sources, c.weights.count, c.bias, c.table, c.stride, c.count)
        return row
    }

    @Test func everyBuildGivesThePlainSumsBitForBit() {
        var rng = SplitMix64(seed: 61)
        var checked = 0
        // Whole 16-input passes, an 8-input pass, scalar tails, and the empty row (the bias alone).
        for count in [1, 7, 8, 9, 15, 16, 17, 24, 31, 104] {
            for terms in [0, 1, 3, 100] {
                let c = Case(terms: terms, count: count, rng: &rng)
                let plain = c.plain.map(\.bitPattern)
                for build in LaneKernels.runnable {
                    let (name, gathered, compressed) = (build.instructionSet, build.sparseGathered, build.sparseCompressed)
                    #expect(Self.run(gathered, c).map(\.bitPattern) == plain, "\(name) gathered, \(count) inputs, \(terms) terms")
                    #expect(Self.run(compressed, c).map(\.bitPattern) == plain, "\(name) compressed, \(count) inputs, \(terms) terms")
                    checked += 1
                }
            }
        }
        #expect(checked >= 40)
    }

    @Test func emptyRowIsTheBiasAndWritesOnlyTheFirstCountNumbers() {
        var row = [Double](repeating: -1, count: 20)
        NeuroFailLanes.SparseRows.compressed(
            row: &row, weights: [], sources: [], terms: 0, bias: 2.5, source: [0], sourceStride: 1, count: 17)
        #expect(row == Array(repeating: 2.5, count: 17) + [-1, -1, -1])
        var two = [Double](repeating: -1, count: 10)
        // 3·1 + 0.5·4 per input, 9 inputs: an 8-input pass and one scalar input.
        let table = [Double](repeating: 1, count: 9) + [Double](repeating: 4, count: 9)
        NeuroFailLanes.SparseRows.gathered(
            row: &two, weights: [3, 0.5], offsets: [0, 9], terms: 2, bias: 0, source: table, count: 9)
        #expect(two == Array(repeating: 5, count: 9) + [-1])
    }
}

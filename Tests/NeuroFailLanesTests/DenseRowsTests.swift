import NeuroFailCore
import Testing

@testable import NeuroFailEngine
@testable import NeuroFailLanes

/// DenseRows against the scalar sum written from its contract, in every build this processor runs.
@Suite struct DenseRowsTests {
    typealias Kernel = LaneKernels.DenseDot

    /// The kernel's row for `count` inputs (`stride` ≥ count apart per source neuron), and the plain one.
    static func rows(
        _ kernel: Kernel, n: Int, count: Int, stride: Int, rng: inout SplitMix64
    ) -> (measured: [Double], plain: [Double]) {
        func uniform() -> Double { (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 20 }
        let weights = (0..<n).map { _ in uniform() }, bias = uniform()
        let source = (0..<(n * stride)).map { _ in uniform() }
        var plain = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var z = bias
            for s in 0..<n { z += weights[s] * source[s * stride + i] }
            plain[i] = z
        }
        var measured = [Double](repeating: .nan, count: count)
        kernel(&measured, weights, bias, n, source, stride, count)
        return (measured, plain)
    }

    @Test func everyBuildGivesThePlainSumsBitForBit() {
        var rng = SplitMix64(seed: 47)
        // Every remainder of 32 and of 8 occurs: whole 32-input passes, 8-input passes, scalar tails.
        for count in [1, 7, 8, 9, 31, 32, 33, 40, 64, 71] {
            for n in [1, 3, 784] {
                let stride = count + 5
                for build in LaneKernels.runnable {
                    let got = Self.rows(build.denseDot, n: n, count: count, stride: stride, rng: &rng)
                    #expect(
                        got.measured.map(\.bitPattern) == got.plain.map(\.bitPattern),
                        "\(build.instructionSet), \(count) inputs, \(n) terms")
                }
            }
        }
    }

    /// `four` gives each of its four rows the bits of the plain sum, in every build, for 16-input passes, an 8-input
    /// pass and scalar tails.
    @Test func fourRowsAtOnceGiveEachRowsPlainSumsBitForBit() {
        var rng = SplitMix64(seed: 59)
        func uniform() -> Double { (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 20 }
        for count in [1, 7, 8, 9, 16, 23, 24, 31, 64, 71] {
            for n in [1, 5, 784] {
                let stride = count + 3, rowStride = count + 2
                let weights = (0..<(4 * n)).map { _ in uniform() }, biases = (0..<4).map { _ in uniform() }
                let source = (0..<(n * stride)).map { _ in uniform() }
                var plain = [Double](repeating: -7, count: 4 * rowStride)
                for r in 0..<4 {
                    for i in 0..<count {
                        var z = biases[r]
                        for s in 0..<n { z += weights[r * n + s] * source[s * stride + i] }
                        plain[r * rowStride + i] = z
                    }
                }
                for build in LaneKernels.runnable {
                    var rows = [Double](repeating: -7, count: 4 * rowStride)
                    build.denseFour(&rows, rowStride, weights, biases, n, source, stride, count)
                    #expect(
                        rows.map(\.bitPattern) == plain.map(\.bitPattern),
                        "\(build.instructionSet), \(count) inputs, \(n) terms")
                }
            }
        }
    }

    @Test func writesOnlyTheFirstCountNumbers() {
        var row = [Double](repeating: -1, count: 12)
        let weights = [2.0], source = [Double](repeating: 3, count: 12)
        NeuroFailLanes.DenseRows.dot(
            row: &row, weights: weights, bias: 1, n: 1, source: source, sourceStride: 12, count: 9)
        #expect(row == Array(repeating: 7, count: 9) + [-1, -1, -1])
    }
}

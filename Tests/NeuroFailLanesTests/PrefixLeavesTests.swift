import NeuroFailCore
import Testing

@testable import NeuroFailEngine
@testable import NeuroFailLanes

/// PrefixLeaves against the scalar loop written from its contract, in every build this processor runs.
@Suite struct PrefixLeavesTests {
    typealias Kernel = LaneKernels.PrefixSupremum

    static func plain(table: [Double], blockSize: Int, outputs: Int, crashed: [Int]) -> [Double] {
        (0..<blockSize).map { i in
            var top = 0.0
            for k in 0..<outputs {
                var t = table[k * blockSize + i]
                for j in crashed { t += table[((1 + j) * outputs + k) * blockSize + i] }
                top = max(top, abs(t))
            }
            return top
        }
    }

    static func measured(_ kernel: Kernel, table: [Double], blockSize: Int, outputs: Int, crashed: [Int]) -> [Double] {
        var out = [Double](repeating: .nan, count: blockSize)
        crashed.withUnsafeBufferPointer { kernel(table, blockSize, outputs, $0, &out) }
        return out
    }

    @Test func everyBuildGivesThePlainDeviationsBitForBit() {
        var rng = SplitMix64(seed: 53)
        for (blockSize, outputs, width, crashed) in [(8, 1, 3, [2]), (64, 10, 8, [1, 6]), (16, 3, 5, [0, 1, 4]), (64, 2, 4, [])] {
            let table = (0..<((1 + width) * outputs * blockSize)).map { _ in (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 100 }
            let expected = Self.plain(table: table, blockSize: blockSize, outputs: outputs, crashed: crashed)
            for build in LaneKernels.runnable {
                let got = Self.measured(
                    build.prefixSupremum, table: table, blockSize: blockSize, outputs: outputs, crashed: crashed)
                #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "\(build.instructionSet)")
            }
        }
    }
}

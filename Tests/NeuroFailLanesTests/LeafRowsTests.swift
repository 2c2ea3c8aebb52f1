import NeuroFailCore
import Testing

@testable import NeuroFailEngine
@testable import NeuroFailLanes

/// LeafRows against the numbers written from its contract one double at a time, in every build this processor runs.
@Suite struct LeafRowsTests {
    /// Every lane of every lane group holds pristine − faulty, then W_out[k, j]·a_L,j, with +0 for the inputs past
    /// the block's count (whatever lies there, NaN here), and the vectors between groups are left alone.
    @Test func everyBuildGivesTheScalarDifferencesAndProductsBitForBit() {
        var rng = SplitMix64(seed: 83)
        func uniform() -> Double { (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 20 }
        let outputs = 3, neurons = 4, fanIn = 6, stride = 72
        for count in [1, 7, 8, 9, 15, 16, 63, 64] {
            let groups = (count + 7) / 8, groupStride = (1 + neurons) * outputs + 2
            // Past `count` the rows hold NaN: a kernel that read them would leave a NaN behind.
            func rowsOf(_ n: Int) -> [Double] {
                (0..<(n * stride)).map { $0 % stride < count ? uniform() : .nan }
            }
            let pristine = rowsOf(outputs), faulty = rowsOf(outputs), source = rowsOf(neurons)
            let weights = (0..<(outputs * fanIn)).map { _ in uniform() }
            var expected = [UInt64](repeating: Double.infinity.bitPattern, count: groups * groupStride * 8)
            for g in 0..<groups {
                for lane in 0..<8 {
                    let i = 8 * g + lane, real = i < count
                    func value(_ rows: [Double], _ r: Int) -> Double { real ? rows[r * stride + i] : 0 }
                    for k in 0..<outputs {
                        expected[(g * groupStride + k) * 8 + lane] =
                            (value(pristine, k) - value(faulty, k)).bitPattern
                        for j in 0..<neurons {
                            expected[(g * groupStride + outputs + j * outputs + k) * 8 + lane] =
                                (weights[k * fanIn + j] * value(source, j)).bitPattern
                        }
                    }
                }
            }
            for build in LaneKernels.runnable {
                var rows = [SIMD8<Double>](repeating: SIMD8(repeating: .infinity), count: groups * groupStride)
                rows.withUnsafeMutableBufferPointer { r in
                    build.leafRows(
                        r.baseAddress!, groupStride, groups, count, pristine, stride, faulty, stride, outputs, weights,
                        fanIn, neurons, source, stride)
                }
                let measured = rows.flatMap { v in (0..<8).map { v[$0].bitPattern } }
                #expect(measured == expected, "\(build.instructionSet), \(count) inputs")
            }
        }
    }
}

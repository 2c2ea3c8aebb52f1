import NeuroFailCore
import Testing

@testable import NeuroFailLanes
import NeuroFailLanesAVX2

/// LinearLeaves against a plain scalar loop written from its contract, and its two builds against each other.
@Suite struct LinearLeavesTests {
    /// What `run` must leave behind, computed lane by lane with scalar doubles.
    struct Expected: Equatable {
        var sums: [[Double]], squares: [[Double]], largest: [Double], largestAt: [Int], top: [Double]
    }

    static func plain(
        below: [SIMD8<Double>], rows: [SIMD8<Double>], outputs: Int, lastNeurons: Range<Int>, norm: DeviationNorm,
        firstInput: Int
    ) -> Expected {
        var e = Expected(
            sums: [], squares: [], largest: [], largestAt: [], top: Array(repeating: -.infinity, count: 8))
        for j in lastNeurons {
            var deviation = [Double](repeating: 0, count: 8)
            for lane in 0..<8 {
                let terms = (0..<outputs).map { rows[j * outputs + $0][lane] + below[$0][lane] }
                deviation[lane] =
                    switch norm {
                    case .linf: terms.reduce(0) { max($0, abs($1)) }
                    case .l1: terms.reduce(0) { $0 + abs($1) }
                    case .l2: terms.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    }
            }
            e.sums.append(deviation)
            e.squares.append(deviation.map { $0 * $0 })
            let value = deviation.max()!
            e.largest.append(value)
            e.largestAt.append(firstInput + deviation.firstIndex(of: value)!)
            for lane in 0..<8 { e.top[lane] = max(e.top[lane], deviation[lane]) }
        }
        return e
    }

    typealias Kernel = (
        UnsafePointer<SIMD8<Double>>, UnsafePointer<SIMD8<Double>>, Int, Range<Int>, Int, DeviationNorm, Int,
        UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<SIMD8<Double>>, UnsafeMutablePointer<Double>,
        UnsafeMutablePointer<Int>, inout SIMD8<Double>
    ) -> Void

    static func measured(
        _ kernel: Kernel, below: [SIMD8<Double>], rows: [SIMD8<Double>], outputs: Int, lastNeurons: Range<Int>,
        norm: DeviationNorm, firstInput: Int
    ) -> Expected {
        let n = lastNeurons.count
        var sums = [SIMD8<Double>](repeating: .zero, count: n), squares = sums
        var largest = [Double](repeating: -.infinity, count: n), largestAt = [Int](repeating: -1, count: n)
        var top = SIMD8<Double>(repeating: -.infinity)
        kernel(below, rows, outputs, lastNeurons, 0, norm, firstInput, &sums, &squares, &largest, &largestAt, &top)
        return Expected(
            sums: sums.map { v in (0..<8).map { v[$0] } }, squares: squares.map { v in (0..<8).map { v[$0] } },
            largest: largest, largestAt: largestAt, top: (0..<8).map { top[$0] })
    }

    @Test(arguments: DeviationNorm.allCases)
    func bothBuildsMatchThePlainLoopBitForBit(_ norm: DeviationNorm) {
        var rng = SplitMix64(seed: 31)
        for (outputs, width) in [(1, 3), (2, 5), (10, 48), (7, 9)] {
            func vector() -> SIMD8<Double> {
                var v = SIMD8<Double>()
                for lane in 0..<8 { v[lane] = (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 200 }
                return v
            }
            let below = (0..<outputs).map { _ in vector() }
            let rows = (0..<(width * outputs)).map { _ in vector() }
            let neurons = 1..<width
            let expected = Self.plain(
                below: below, rows: rows, outputs: outputs, lastNeurons: neurons, norm: norm, firstInput: 40)
            let baseline = Self.measured(
                NeuroFailLanes.LinearLeaves.run, below: below, rows: rows, outputs: outputs, lastNeurons: neurons,
                norm: norm, firstInput: 40)
            #expect(baseline == expected)
            if InstructionSet.current == .avx2 {
                let avx2 = Self.measured(
                    NeuroFailLanesAVX2.LinearLeaves.run, below: below, rows: rows, outputs: outputs,
                    lastNeurons: neurons, norm: norm, firstInput: 40)
                #expect(avx2 == expected)
            }
        }
    }

    @Test func tiesKeepTheFirstLane() {
        let below = [SIMD8<Double>(repeating: 0)]
        let rows = [SIMD8<Double>(1, 3, -3, 3, 0, 0, 0, 0)]
        let e = Self.measured(
            NeuroFailLanes.LinearLeaves.run, below: below, rows: rows, outputs: 1, lastNeurons: 0..<1, norm: .linf,
            firstInput: 8)
        #expect(e.largest == [3])
        #expect(e.largestAt == [9])
    }
}

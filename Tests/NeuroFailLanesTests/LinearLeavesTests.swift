import NeuroFailCore
import Testing

@testable import NeuroFailEngine
@testable import NeuroFailLanes

/// LinearLeaves against a plain scalar loop written from its contract, in every build this processor runs.
@Suite struct LinearLeavesTests {
    /// What `run` must leave behind, computed lane by lane with scalar doubles.
    struct Expected: Equatable {
        var sums: [[UInt64]], squares: [[UInt64]], top: [UInt64], topAt: [Int64]
    }

    static func plain(
        below: [SIMD8<Double>], rows: [SIMD8<Double>], outputs: Int, lastNeurons: Range<Int>, position: Int,
        norm: DeviationNorm, top: [Double], topAt: [Int64]
    ) -> Expected {
        var sums = [[Double]](), squares = [[Double]]()
        var top = top, topAt = topAt
        for (p, j) in lastNeurons.enumerated() {
            var deviation = [Double](repeating: 0, count: 8)
            for lane in 0..<8 {
                let terms = (0..<outputs).map { rows[j * outputs + $0][lane] + below[$0][lane] }
                deviation[lane] =
                    switch norm {
                    case .linf: terms.reduce(0) { max($0, abs($1)) }
                    case .l1: terms.reduce(0) { $0 + abs($1) }
                    case .l2: terms.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    }
                // Strictly larger: a later set that only equals the lane's maximum leaves its first set.
                if deviation[lane] > top[lane] {
                    top[lane] = deviation[lane]
                    topAt[lane] = Int64(position + p)
                }
            }
            sums.append(deviation)
            squares.append(deviation.map { $0 * $0 })
        }
        return Expected(
            sums: sums.map { $0.map(\.bitPattern) }, squares: squares.map { $0.map(\.bitPattern) },
            top: top.map(\.bitPattern), topAt: topAt)
    }

    static func measured(
        _ kernel: LaneKernels.LinearLeavesRun, below: [SIMD8<Double>], rows: [SIMD8<Double>], outputs: Int,
        lastNeurons: Range<Int>, position: Int, norm: DeviationNorm, top: [Double], topAt: [Int64]
    ) -> Expected {
        let n = lastNeurons.count
        // The sets before `position` are left alone: the kernel writes sets position..<position + n only.
        var sums = [SIMD8<Double>](repeating: .zero, count: position + n), squares = sums
        var top = SIMD8<Double>(top), topAt = SIMD8<Int64>(topAt)
        kernel(below, rows, outputs, lastNeurons, position, norm, &sums, &squares, &top, &topAt)
        #expect(sums[..<position].allSatisfy { $0 == .zero } && squares[..<position].allSatisfy { $0 == .zero })
        return Expected(
            sums: sums[position...].map { v in (0..<8).map { v[$0].bitPattern } },
            squares: squares[position...].map { v in (0..<8).map { v[$0].bitPattern } },
            top: (0..<8).map { top[$0].bitPattern }, topAt: (0..<8).map { topAt[$0] })
    }

    /// Every readout width with its own loop (1, 2, 10) and two that take the general loop (7, 3), from the lanes'
    /// initial state (−∞, −1) and from a state part-way through a chunk.
    @Test(arguments: DeviationNorm.allCases)
    func everyBuildMatchesThePlainLoopBitForBit(_ norm: DeviationNorm) {
        var rng = SplitMix64(seed: 31)
        var checked = 0
        for (outputs, width) in [(1, 3), (2, 5), (10, 48), (7, 9), (3, 20)] {
            func vector() -> SIMD8<Double> {
                var v = SIMD8<Double>()
                for lane in 0..<8 { v[lane] = (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 200 }
                return v
            }
            let below = (0..<outputs).map { _ in vector() }
            let rows = (0..<(width * outputs)).map { _ in vector() }
            let starts: [([Double], [Int64], Int)] = [
                (Array(repeating: -.infinity, count: 8), Array(repeating: -1, count: 8), 0),
                ((0..<8).map { $0 % 2 == 0 ? 1e9 : 10 }, (0..<8).map { Int64($0) }, 12),
            ]
            for (top, topAt, position) in starts {
                let expected = Self.plain(
                    below: below, rows: rows, outputs: outputs, lastNeurons: 1..<width, position: position,
                    norm: norm, top: top, topAt: topAt)
                for build in LaneKernels.runnable {
                    let got = Self.measured(
                        build.linearLeaves, below: below, rows: rows, outputs: outputs, lastNeurons: 1..<width,
                        position: position, norm: norm, top: top, topAt: topAt)
                    #expect(got == expected, "\(build.instructionSet), \(outputs) outputs")
                    checked += 1
                }
            }
        }
        #expect(checked >= 10)
    }

    /// Equal deviations in later sets keep the first set that reached them, lane by lane.
    @Test func tiesKeepTheFirstSet() {
        let below = [SIMD8<Double>(repeating: 0)]
        let rows = [
            SIMD8<Double>(1, 3, -3, 3, 0, 0, 0, 0), SIMD8<Double>(1, -3, 4, 2, 0, 0, 0, 5),
            SIMD8<Double>(-1, 3, 4, 3, 0, 0, 0, 5),
        ]
        for build in LaneKernels.runnable {
            let e = Self.measured(
                build.linearLeaves, below: below, rows: rows, outputs: 1, lastNeurons: 0..<3, position: 0,
                norm: .linf, top: Array(repeating: -.infinity, count: 8), topAt: Array(repeating: -1, count: 8))
            #expect(e.top.map(Double.init(bitPattern:)) == [1, 3, 4, 3, 0, 0, 0, 5], "\(build.instructionSet)")
            #expect(e.topAt == [0, 0, 1, 0, 0, 0, 0, 1], "\(build.instructionSet)")
        }
    }

    /// `runPair` leaves what two `run` calls leave, the first group's then the second's: the same sums and squares
    /// bit for bit (added in that order per set) and each group's lane maxima and first sets.
    @Test(arguments: DeviationNorm.allCases)
    func aPairOfLaneGroupsEqualsTwoSingleRunsBitForBit(_ norm: DeviationNorm) {
        var rng = SplitMix64(seed: 37)
        func vector() -> SIMD8<Double> {
            var v = SIMD8<Double>()
            for lane in 0..<8 { v[lane] = (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 200 }
            return v
        }
        var checked = 0
        for (outputs, width) in [(10, 48), (2, 5), (1, 3), (7, 9)] {
            let below = (0..<(2 * outputs)).map { _ in vector() }
            let stride = width * outputs + 3
            let rows = (0..<(stride + width * outputs)).map { _ in vector() }
            let position = 5, n = width - 1
            for build in LaneKernels.runnable {
                var sums = (0..<(position + n)).map { _ in vector() }, squares = sums
                var expectedSums = sums, expectedSquares = squares
                var top = SIMD8<Double>(repeating: -.infinity), secondTop = SIMD8<Double>(repeating: 40)
                var at = SIMD8<Int64>(repeating: -1), secondAt = SIMD8<Int64>(repeating: 2)
                var expectedTops = [top, secondTop], expectedAts = [at, secondAt]
                build.linearLeaves(
                    below, rows, outputs, 1..<width, position, norm, &expectedSums, &expectedSquares,
                    &expectedTops[0], &expectedAts[0])
                below.withUnsafeBufferPointer { below in
                    rows.withUnsafeBufferPointer { rows in
                        build.linearLeaves(
                            below.baseAddress! + outputs, rows.baseAddress! + stride, outputs, 1..<width, position,
                            norm, &expectedSums, &expectedSquares, &expectedTops[1], &expectedAts[1])
                    }
                }
                build.linearLeavesPair(
                    below, rows, stride, outputs, 1..<width, position, norm, &sums, &squares, &top, &at,
                    &secondTop, &secondAt)
                func bits(_ v: [SIMD8<Double>]) -> [UInt64] { v.flatMap { x in (0..<8).map { x[$0].bitPattern } } }
                let name = "\(build.instructionSet), \(outputs) outputs"
                #expect(bits(sums) == bits(expectedSums), "\(name)")
                #expect(bits(squares) == bits(expectedSquares), "\(name)")
                #expect(bits([top, secondTop]) == bits(expectedTops) && [at, secondAt] == expectedAts, "\(name)")
                checked += 1
            }
        }
        #expect(checked >= 4)
    }

    /// `walk` over a chunk's runs (every 3-subset of 8 neurons in lexicographic order, as runs sharing their first
    /// two) gives each set's plain sum ((0 + c_a) + c_b) + c_last and its norm, on one lane group and on a pair, from
    /// the chunk's start and from a run in the middle (which must rebuild every level), in every build.
    @Test(arguments: [10, 3])
    func walkingAChunksRunsGivesEachSetsPlainDeviationBitForBit(_ outputs: Int) {
        var rng = SplitMix64(seed: UInt64(41 + outputs))
        func vector() -> SIMD8<Double> {
            var v = SIMD8<Double>()
            for lane in 0..<8 { v[lane] = (Double(rng.next() >> 11) / 0x1p53 - 0.5) * 200 }
            return v
        }
        let width = 8, f = 3
        let rows = (0..<(2 * width * outputs)).map { _ in vector() }
        var sets = [[Int]]()
        for a in 0..<width { for b in (a + 1)..<width { for c in (b + 1)..<width { sets.append([a, b, c]) } } }
        // Runs: consecutive sets sharing their first two neurons.
        var changed = [Int32](), lengths = [Int32](), firstSets = [Int32](), runStarts = [Int]()
        for (p, set) in sets.enumerated() where p == 0 || Array(sets[p - 1].prefix(2)) != Array(set.prefix(2)) {
            let previous = p == 0 ? [] : sets[p - 1]
            changed.append(Int32(zip(previous, set).prefix { $0 == $1 }.count))
            lengths.append(Int32(sets[p...].prefix { Array($0.prefix(2)) == Array(set.prefix(2)) }.count))
            firstSets += set.map { Int32($0) }
            runStarts.append(p)
        }
        for from in [0, 5] {
            let position = runStarts[from]
            for groups in [1, 2] {
                // Expected, lane by lane with scalars.
                var sums = [[Double]](repeating: [Double](repeating: 0, count: 8), count: sets.count)
                var squares = sums
                var top = [[Double]](repeating: [Double](repeating: -.infinity, count: 8), count: groups)
                var topAt = [[Int64]](repeating: [Int64](repeating: -1, count: 8), count: groups)
                for g in 0..<groups {
                    for p in position..<sets.count {
                        for lane in 0..<8 {
                            var d = 0.0
                            for k in 0..<outputs {
                                var t = 0.0
                                for j in sets[p] { t += rows[(g * width + j) * outputs + k][lane] }
                                d = max(d, abs(t))
                            }
                            sums[p][lane] += d
                            squares[p][lane] += d * d
                            if d > top[g][lane] { (top[g][lane], topAt[g][lane]) = (d, Int64(p)) }
                        }
                    }
                }
                for build in LaneKernels.runnable {
                    var gotSums = [SIMD8<Double>](repeating: .zero, count: sets.count), gotSquares = gotSums
                    var gotTop = [SIMD8<Double>](repeating: SIMD8(repeating: -.infinity), count: 2)
                    var gotAt = [SIMD8<Int64>](repeating: SIMD8(repeating: -1), count: 2)
                    // Stale prefix sums from elsewhere: the walk must not use them.
                    var prefix = (0..<(2 * f * outputs)).map { _ in vector() }
                    for k in 0..<(2 * outputs) { prefix[k] = .zero }
                    build.linearWalk(
                        from..<changed.count, position, changed, lengths, firstSets, f, rows, width * outputs, groups,
                        outputs, .linf, &prefix, &gotSums, &gotSquares, &gotTop, &gotAt)
                    let name = "\(build.instructionSet), from run \(from), \(groups) groups"
                    #expect(gotSums.map { v in (0..<8).map { v[$0].bitPattern } } == sums.map { $0.map(\.bitPattern) }, "\(name)")
                    #expect(gotSquares.map { v in (0..<8).map { v[$0].bitPattern } } == squares.map { $0.map(\.bitPattern) }, "\(name)")
                    for g in 0..<groups {
                        #expect((0..<8).map { gotTop[g][$0] } == top[g] && (0..<8).map { gotAt[g][$0] } == topAt[g], "\(name)")
                    }
                }
            }
        }
    }
}

import NeuroFailCore

/// The innermost loop of the linear Ω path (crashes among the last hidden layer's neurons only), on eight inputs at
/// a time.
///
/// This file is compiled into each lane module: NeuroFailLanes for the platform's baseline instruction set, and (a
/// link to this file) NeuroFailLanesAVX2 and NeuroFailLanesAVX512 for x86-64 processors that have them, where one
/// instruction does four or eight of the doubles that take two here. NeuroFailEngine picks one at run time
/// (``InstructionSet``). No build fuses a multiplication into an addition, so all give the same bits.
///
/// Per run (crash set, lane group) the loop does the norm's M additions and M magnitudes, then adds the deviation
/// vector into the set's sums and squares and keeps, per lane, the largest deviation and the first set reaching
/// it. It keeps no per-set maximum: the worst (set, input) of a block follows from the per-lane maxima and their
/// first sets (the engine's callers fold them: the largest, then the first set, then the first input), and finding
/// it per set cost a horizontal reduction and a mispredicted branch on every run.
public enum LinearLeaves {
    /// Runs the crash sets that share their first neurons and end in neuron j, for every j in `lastNeurons`, on the
    /// eight inputs of one lane group.
    ///
    /// - Parameters:
    ///   - below: the sum of the first neurons' contributions, `outputs` vectors (zero for one crash per set).
    ///   - rows: the lane group's contributions; neuron j's `outputs` vectors start at `rows + j · outputs`.
    ///   - position: the chunk position of the first set (j = `lastNeurons.lowerBound`); the others follow.
    ///   - sums, squares: per set, Σ over lane groups of its deviation vectors and of their squares (added to).
    ///   - top: per lane, the largest deviation over the sets so far (NaN never replaces it).
    ///   - topAt: per lane, the chunk position of the first set that reached `top` (updated where a set exceeds
    ///     `top`, so a later set that only equals it leaves it).
    @inline(never)
    public static func run(
        below: UnsafePointer<SIMD8<Double>>, rows: UnsafePointer<SIMD8<Double>>, outputs: Int,
        lastNeurons: Range<Int>, position: Int, norm: DeviationNorm,
        sums: UnsafeMutablePointer<SIMD8<Double>>, squares: UnsafeMutablePointer<SIMD8<Double>>,
        top: inout SIMD8<Double>, topAt: inout SIMD8<Int64>
    ) {
        // The readouts of the common chips get a loop with `below` held in registers and the output loop unrolled
        // (an InlineArray the compiler keeps in vector registers); any other width takes the general loop.
        switch outputs {
        case 10:
            held(InlineArray<10, SIMD8<Double>>.self, below, rows, lastNeurons, position, norm, sums, squares, &top, &topAt)
        case 2:
            held(InlineArray<2, SIMD8<Double>>.self, below, rows, lastNeurons, position, norm, sums, squares, &top, &topAt)
        case 1:
            held(InlineArray<1, SIMD8<Double>>.self, below, rows, lastNeurons, position, norm, sums, squares, &top, &topAt)
        default:
            general(below, rows, outputs, lastNeurons, position, norm, sums, squares, &top, &topAt)
        }
    }

    /// Every crash set of a chunk on one lane group or a pair of them: the chunk's sets as runs that share all but
    /// their last neuron, each run's prefix sums rebuilt from the first neuron where its first set differs from
    /// the set before, then the run through ``run(below:rows:outputs:lastNeurons:position:norm:sums:squares:top:topAt:)``
    /// or ``runPair(below:rows:groupStride:outputs:lastNeurons:position:norm:sums:squares:top:topAt:secondTop:secondTopAt:)``.
    ///
    /// Here rather than in the engine so that the prefix sums are added in this build's vector width and the runs
    /// are called directly: in the engine's baseline build the rebuilds alone were a fifth of a campaign of four
    /// crashes among 48.
    ///
    /// - Parameters:
    ///   - runs: the runs to walk (of the chunk's plan below); the first of them rebuilds every prefix level.
    ///   - first: the chunk position of the first set of `runs.lowerBound`.
    ///   - changed, lengths: per run of the chunk, the first position (0..<f) where its first set differs from the
    ///     set before it, and how many sets it holds.
    ///   - firstSets: the runs' first sets, `crashes` increasing neuron numbers each, one after another.
    ///   - rows: the first lane group's contributions; the second's (when `groups` is 2) `groupStride` vectors on.
    ///   - prefix: room for 2·crashes·outputs vectors: level d of group g at (2d + g)·outputs; level 0
    ///     set by the caller (zero on the linear path, the prefix chip's deviation D on the every-layer path).
    ///   - top, topAt: `groups` vectors each, the groups' lane maxima and their first sets.
    @inline(never)
    public static func walk(
        runs: Range<Int>, position first: Int, changed: UnsafePointer<Int32>, lengths: UnsafePointer<Int32>, firstSets: UnsafePointer<Int32>,
        crashes f: Int, rows: UnsafePointer<SIMD8<Double>>, groupStride: Int, groups: Int, outputs: Int,
        norm: DeviationNorm, prefix: UnsafeMutablePointer<SIMD8<Double>>,
        sums: UnsafeMutablePointer<SIMD8<Double>>, squares: UnsafeMutablePointer<SIMD8<Double>>,
        top: UnsafeMutablePointer<SIMD8<Double>>, topAt: UnsafeMutablePointer<SIMD8<Int64>>
    ) {
        var position = first
        for r in runs {
            let neurons = firstSets + r &* f
            // The first run given rebuilds every level.
            for d in min(r == runs.lowerBound ? 0 : Int(changed[r]), f &- 1)..<(f &- 1) {
                for g in 0..<groups {
                    let below = prefix + (2 &* d &+ g) &* outputs
                    let row = rows + (g &* groupStride &+ Int(neurons[d]) &* outputs)
                    let next = below + 2 &* outputs
                    for k in 0..<outputs { next[k] = below[k] + row[k] }
                }
            }
            let last = Int(neurons[f &- 1]), run = Int(lengths[r])
            let below = prefix + 2 &* (f &- 1) &* outputs
            if groups == 2 {
                runPair(
                    below: below, rows: rows, groupStride: groupStride, outputs: outputs,
                    lastNeurons: last..<(last &+ run), position: position, norm: norm, sums: sums, squares: squares,
                    top: &top[0], topAt: &topAt[0], secondTop: &top[1], secondTopAt: &topAt[1])
            } else {
                self.run(
                    below: below, rows: rows, outputs: outputs, lastNeurons: last..<(last &+ run), position: position,
                    norm: norm, sums: sums, squares: squares, top: &top[0], topAt: &topAt[0])
            }
            position &+= run
        }
    }

    /// ``run(below:rows:outputs:lastNeurons:position:norm:sums:squares:top:topAt:)`` on two lane groups at once
    /// (sixteen inputs): each set's deviation vector of the first group, then of the second, into its sums and
    /// squares (the order two calls would add them in, so the same bits), with one load and store of them per set
    /// instead of two, and the walk over the sets shared.
    ///
    /// - Parameters:
    ///   - below: the first group's `outputs` vectors, then the second's.
    ///   - rows: the first group's contributions; the second's start `groupStride` vectors after.
    ///   - top, topAt, secondTop, secondTopAt: the two groups' lane maxima and their first sets.
    @inline(never)
    public static func runPair(
        below: UnsafePointer<SIMD8<Double>>, rows: UnsafePointer<SIMD8<Double>>, groupStride: Int, outputs: Int,
        lastNeurons: Range<Int>, position: Int, norm: DeviationNorm,
        sums: UnsafeMutablePointer<SIMD8<Double>>, squares: UnsafeMutablePointer<SIMD8<Double>>,
        top: inout SIMD8<Double>, topAt: inout SIMD8<Int64>, secondTop: inout SIMD8<Double>,
        secondTopAt: inout SIMD8<Int64>
    ) {
        let other = rows + groupStride
        switch (outputs, norm) {
        case (10, .linf):
            heldPair(
                InlineArray<10, SIMD8<Double>>.self, below, rows, other, lastNeurons, position, sums, squares, &top,
                &topAt, &secondTop, &secondTopAt)
        case (2, .linf):
            heldPair(
                InlineArray<2, SIMD8<Double>>.self, below, rows, other, lastNeurons, position, sums, squares, &top,
                &topAt, &secondTop, &secondTopAt)
        case (1, .linf):
            heldPair(
                InlineArray<1, SIMD8<Double>>.self, below, rows, other, lastNeurons, position, sums, squares, &top,
                &topAt, &secondTop, &secondTopAt)
        default:
            // Two passes, the first group's then the second's: per set, the same additions in the same order.
            run(
                below: below, rows: rows, outputs: outputs, lastNeurons: lastNeurons, position: position, norm: norm,
                sums: sums, squares: squares, top: &top, topAt: &topAt)
            run(
                below: below + outputs, rows: other, outputs: outputs, lastNeurons: lastNeurons, position: position,
                norm: norm, sums: sums, squares: squares, top: &secondTop, topAt: &secondTopAt)
        }
    }

    /// `runPair` under L∞ for a readout of M outputs known here, both groups' `below` in 2M locals.
    @inline(__always)
    static func heldPair<let M: Int>(
        _: InlineArray<M, SIMD8<Double>>.Type, _ below: UnsafePointer<SIMD8<Double>>,
        _ rows: UnsafePointer<SIMD8<Double>>, _ other: UnsafePointer<SIMD8<Double>>, _ lastNeurons: Range<Int>,
        _ position: Int, _ sums: UnsafeMutablePointer<SIMD8<Double>>, _ squares: UnsafeMutablePointer<SIMD8<Double>>,
        _ top: inout SIMD8<Double>, _ topAt: inout SIMD8<Int64>, _ secondTop: inout SIMD8<Double>,
        _ secondTopAt: inout SIMD8<Int64>
    ) {
        var b = InlineArray<M, SIMD8<Double>>(repeating: .zero), c = b
        for k in 0..<M {
            b[k] = below[k]
            c[k] = below[M &+ k]
        }
        var running = top, runningAt = topAt, second = secondTop, secondAt = secondTopAt
        var p = position
        for j in lastNeurons {
            let row = rows + j &* M, otherRow = other + j &* M
            var deviation = SIMD8<Double>(), otherDeviation = SIMD8<Double>()
            for k in 0..<M {
                let size = magnitude(row[k] + b[k])
                deviation.replace(with: size, where: size .> deviation)
                let otherSize = magnitude(otherRow[k] + c[k])
                otherDeviation.replace(with: otherSize, where: otherSize .> otherDeviation)
            }
            sums[p] = sums[p] + deviation + otherDeviation
            squares[p] = squares[p] + deviation * deviation + otherDeviation * otherDeviation
            let at = SIMD8<Int64>(repeating: Int64(truncatingIfNeeded: p))
            let larger = deviation .> running
            running.replace(with: deviation, where: larger)
            runningAt.replace(with: at, where: larger)
            let otherLarger = otherDeviation .> second
            second.replace(with: otherDeviation, where: otherLarger)
            secondAt.replace(with: at, where: otherLarger)
            p &+= 1
        }
        top = running
        topAt = runningAt
        secondTop = second
        secondTopAt = secondAt
    }

    /// `run` for a readout of M outputs known here, `below` copied into M locals first.
    @inline(__always)
    static func held<let M: Int>(
        _: InlineArray<M, SIMD8<Double>>.Type, _ below: UnsafePointer<SIMD8<Double>>,
        _ rows: UnsafePointer<SIMD8<Double>>, _ lastNeurons: Range<Int>, _ position: Int, _ norm: DeviationNorm,
        _ sums: UnsafeMutablePointer<SIMD8<Double>>, _ squares: UnsafeMutablePointer<SIMD8<Double>>,
        _ top: inout SIMD8<Double>, _ topAt: inout SIMD8<Int64>
    ) {
        var b = InlineArray<M, SIMD8<Double>>(repeating: .zero)
        for k in 0..<M { b[k] = below[k] }
        var running = top, runningAt = topAt
        // Offsets cannot overflow: they address the caller's buffers.
        var p = position
        switch norm {
        case .linf:
            for j in lastNeurons {
                let row = rows + j &* M
                var deviation = SIMD8<Double>()
                for k in 0..<M {
                    let size = magnitude(row[k] + b[k])
                    deviation.replace(with: size, where: size .> deviation)
                }
                tally(deviation, p, sums, squares, &running, &runningAt)
                p &+= 1
            }
        case .l1:
            for j in lastNeurons {
                let row = rows + j &* M
                var deviation = SIMD8<Double>()
                for k in 0..<M { deviation += magnitude(row[k] + b[k]) }
                tally(deviation, p, sums, squares, &running, &runningAt)
                p &+= 1
            }
        case .l2:
            for j in lastNeurons {
                let row = rows + j &* M
                var deviation = SIMD8<Double>()
                for k in 0..<M {
                    let d = row[k] + b[k]
                    deviation += d * d
                }
                tally(squareRoots(deviation), p, sums, squares, &running, &runningAt)
                p &+= 1
            }
        }
        top = running
        topAt = runningAt
    }

    /// `run` for any number of outputs, `below` read from memory on every set.
    @inline(__always)
    static func general(
        _ below: UnsafePointer<SIMD8<Double>>, _ rows: UnsafePointer<SIMD8<Double>>, _ outputs: Int,
        _ lastNeurons: Range<Int>, _ position: Int, _ norm: DeviationNorm,
        _ sums: UnsafeMutablePointer<SIMD8<Double>>, _ squares: UnsafeMutablePointer<SIMD8<Double>>,
        _ top: inout SIMD8<Double>, _ topAt: inout SIMD8<Int64>
    ) {
        var running = top, runningAt = topAt
        var p = position
        for j in lastNeurons {
            let row = rows + j &* outputs
            var deviation = SIMD8<Double>()
            switch norm {
            case .linf:
                for k in 0..<outputs {
                    let size = magnitude(row[k] + below[k])
                    deviation.replace(with: size, where: size .> deviation)
                }
            case .l1:
                for k in 0..<outputs { deviation += magnitude(row[k] + below[k]) }
            case .l2:
                for k in 0..<outputs {
                    let d = row[k] + below[k]
                    deviation += d * d
                }
                deviation = squareRoots(deviation)
            }
            tally(deviation, p, sums, squares, &running, &runningAt)
            p &+= 1
        }
        top = running
        topAt = runningAt
    }

    /// One run's deviation vector into set p's sums and squares and the lanes' maxima.
    @inline(__always)
    static func tally(
        _ deviation: SIMD8<Double>, _ p: Int, _ sums: UnsafeMutablePointer<SIMD8<Double>>,
        _ squares: UnsafeMutablePointer<SIMD8<Double>>, _ running: inout SIMD8<Double>,
        _ runningAt: inout SIMD8<Int64>
    ) {
        sums[p] += deviation
        squares[p] += deviation * deviation
        let larger = deviation .> running
        running.replace(with: deviation, where: larger)
        runningAt.replace(with: SIMD8<Int64>(repeating: Int64(truncatingIfNeeded: p)), where: larger)
    }

    /// |x| lane by lane, by clearing the sign bits. The mask is a literal, not a static: a static is behind a
    /// once-check on every access (2 % of the campaign's profile).
    @inline(__always)
    static func magnitude(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let mask = SIMD8<UInt64>(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        return unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) & mask, to: SIMD8<Double>.self)
    }

    /// The square root of each lane.
    @inline(__always)
    static func squareRoots(_ x: SIMD8<Double>) -> SIMD8<Double> {
        var result = x
        for lane in 0..<8 { result[lane] = x[lane].squareRoot() }
        return result
    }
}

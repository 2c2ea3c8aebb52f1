import NeuroFailCore

/// The innermost loop of the linear Ω path (crashes among the last hidden layer's neurons only), on eight inputs at
/// a time.
///
/// This file is compiled twice: into NeuroFailLanes for the platform's baseline instruction set, and into
/// NeuroFailLanesAVX2 (a link to this file) for x86-64 processors with AVX2, where one instruction does four of
/// the doubles that take two here. NeuroFailEngine picks one at run time (``InstructionSet``). Neither build fuses
/// a multiplication into an addition, so both give the same bits.
public enum LinearLeaves {
    /// Runs the crash sets that share their first neurons and end in neuron j, for every j in `lastNeurons`, on the
    /// eight inputs of one lane group.
    ///
    /// - Parameters:
    ///   - below: the sum of the first neurons' contributions, `outputs` vectors (zero for one crash per set).
    ///   - rows: the lane group's contributions; neuron j's `outputs` vectors start at `rows + j · outputs`.
    ///   - position: the chunk position of the first set (j = `lastNeurons.lowerBound`); the others follow.
    ///   - firstInput: the input of lane 0.
    ///   - sums, squares: per set, Σ over lane groups of its deviation vectors and of their squares (added to).
    ///   - largest, largestAt: per set, its largest deviation so far and the first input where it occurs.
    ///   - top: per lane, the largest deviation over the sets so far.
    @inline(never)
    public static func run(
        below: UnsafePointer<SIMD8<Double>>, rows: UnsafePointer<SIMD8<Double>>, outputs: Int,
        lastNeurons: Range<Int>, position: Int, norm: DeviationNorm, firstInput: Int,
        sums: UnsafeMutablePointer<SIMD8<Double>>, squares: UnsafeMutablePointer<SIMD8<Double>>,
        largest: UnsafeMutablePointer<Double>, largestAt: UnsafeMutablePointer<Int>, top: inout SIMD8<Double>
    ) {
        var running = top
        var p = position
        for j in lastNeurons {
            let row = rows + j * outputs
            let deviation: SIMD8<Double>
            switch norm {
            case .linf: deviation = supremum(below, row, outputs)
            case .l1: deviation = sumOfMagnitudes(below, row, outputs)
            case .l2: deviation = euclidean(below, row, outputs)
            }
            sums[p] += deviation
            squares[p] += deviation * deviation
            let value = largestLane(deviation)
            if value > largest[p] {
                largest[p] = value
                var lane = 0
                while deviation[lane] != value { lane += 1 }
                largestAt[p] = firstInput + lane
            }
            running.replace(with: deviation, where: deviation .> running)
            p += 1
        }
        top = running
    }

    /// |x| lane by lane, by clearing the sign bits. The mask is a literal, not a static: a static is behind a
    /// once-check on every access (2 % of the campaign's profile).
    @inline(__always)
    static func magnitude(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let mask = SIMD8<UInt64>(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        return unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) & mask, to: SIMD8<Double>.self)
    }

    /// max over k of |row[k] + below[k]|, the maximum by compare and select from 0.
    @inline(__always)
    static func supremum(
        _ below: UnsafePointer<SIMD8<Double>>, _ row: UnsafePointer<SIMD8<Double>>, _ outputs: Int
    ) -> SIMD8<Double> {
        var result = SIMD8<Double>()
        for k in 0..<outputs {
            let size = magnitude(row[k] + below[k])
            result.replace(with: size, where: size .> result)
        }
        return result
    }

    /// Σ over k of |row[k] + below[k]|, in k order from 0.
    @inline(__always)
    static func sumOfMagnitudes(
        _ below: UnsafePointer<SIMD8<Double>>, _ row: UnsafePointer<SIMD8<Double>>, _ outputs: Int
    ) -> SIMD8<Double> {
        var result = SIMD8<Double>()
        for k in 0..<outputs { result += magnitude(row[k] + below[k]) }
        return result
    }

    /// (Σ over k of (row[k] + below[k])²)^½, the squares added in k order from 0.
    @inline(__always)
    static func euclidean(
        _ below: UnsafePointer<SIMD8<Double>>, _ row: UnsafePointer<SIMD8<Double>>, _ outputs: Int
    ) -> SIMD8<Double> {
        var result = SIMD8<Double>()
        for k in 0..<outputs {
            let d = row[k] + below[k]
            result += d * d
        }
        for lane in 0..<8 { result[lane] = result[lane].squareRoot() }
        return result
    }

    /// The largest of eight numbers none of which is NaN.
    @inline(__always)
    static func largestLane(_ v: SIMD8<Double>) -> Double {
        let half = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
        let quarter = half.lowHalf.replacing(with: half.highHalf, where: half.highHalf .> half.lowHalf)
        return max(quarter[0], quarter[1])
    }
}

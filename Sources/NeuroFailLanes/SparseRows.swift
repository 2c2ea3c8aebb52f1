/// The sparse and convolutional rows of the batched forward pass: one target neuron's sum over sources read at
/// random, on 16 inputs at a time.
///
/// Compiled like ``DenseRows``: for the platform's baseline and, from the same file (links), for AVX2 and AVX-512. A
/// sparse row's cost is waiting for its sources (each term fetches 16 numbers, 128 bytes, from anywhere in a layer
/// of many megabytes), and how many of those fetches the processor keeps in flight depends on how many
/// instructions each term takes: the baseline needs eight 2-lane loads, multiplies and adds per term where AVX2
/// needs four 4-lane ones, and a C probe of this loop (131,072 targets × 100 random sources of 16 numbers, two
/// threads) ran 3× faster in the AVX2 form. Each input's sum is `bias + w_0·a_0 + w_1·a_1 + …` in that order,
/// unfused, so every build gives the bits of the plain scalar loop.
public enum SparseRows {
    /// row[i] = bias + Σ_j weights[j]·source[offsets[j] + i], j = 0, 1, …, terms − 1 in order, for i in 0..<count.
    ///
    /// - Parameters:
    ///   - row: `count` numbers, written.
    ///   - weights, offsets: the row's `terms` weights and the offsets (in numbers) of their sources' first input.
    ///   - source: where the offsets count from; each source holds at least `count` numbers from its offset.
    @inline(never)
    public static func gathered(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, offsets: UnsafePointer<Int>, terms: Int,
        bias: Double, source: UnsafePointer<Double>, count: Int
    ) {
        sum(row: row, weights: weights, terms: terms, bias: bias, count: count) { source + offsets[$0] }
    }

    /// ``gathered(row:weights:offsets:terms:bias:source:count:)`` with the offsets read from compressed sparse rows:
    /// source j's first input is at `source + sources[j] · sourceStride`. An empty row's weights and sources may be
    /// any pointers: nothing is read.
    @inline(never)
    public static func compressed(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, sources: UnsafePointer<Int32>,
        terms: Int, bias: Double, source: UnsafePointer<Double>, sourceStride: Int, count: Int
    ) {
        sum(row: row, weights: weights, terms: terms, bias: bias, count: count) {
            source + Int(sources[$0]) * sourceStride
        }
    }

    /// The loop of both entry points, over term j's source `at(j)`: two 8-lane accumulators kept over the whole sum
    /// per 16 inputs, one for a remainder of 8 or more, scalar beyond.
    @inline(__always)
    static func sum(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, terms: Int, bias: Double, count: Int,
        _ at: (Int) -> UnsafePointer<Double>
    ) {
        var i0 = 0
        while i0 + 16 <= count {
            var acc0 = SIMD8<Double>(repeating: bias), acc1 = acc0
            for j in 0..<terms {
                let w = SIMD8<Double>(repeating: weights[j]), a = UnsafeRawPointer(at(j) + i0)
                acc0 += w * a.loadUnaligned(as: SIMD8<Double>.self)
                acc1 += w * a.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
            }
            let out = UnsafeMutableRawPointer(row + i0)
            out.storeBytes(of: acc0, as: SIMD8<Double>.self)
            out.storeBytes(of: acc1, toByteOffset: 64, as: SIMD8<Double>.self)
            i0 += 16
        }
        if i0 + 8 <= count {
            var acc = SIMD8<Double>(repeating: bias)
            for j in 0..<terms {
                acc += SIMD8<Double>(repeating: weights[j]) * UnsafeRawPointer(at(j) + i0).loadUnaligned(as: SIMD8<Double>.self)
            }
            UnsafeMutableRawPointer(row + i0).storeBytes(of: acc, as: SIMD8<Double>.self)
            i0 += 8
        }
        for i in i0..<count {
            var z = bias
            for j in 0..<terms { z += weights[j] * at(j)[i] }
            row[i] = z
        }
    }
}

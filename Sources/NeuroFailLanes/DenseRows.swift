/// The dense matrix kernel of the batched forward pass (one target neuron's row on a block of inputs), on 32 inputs
/// at a time.
///
/// Compiled twice like ``LinearLeaves``: for the platform's baseline and, from the same file (a link), for AVX2,
/// where the 32 inputs' sums fill eight 4-lane registers (enough independent additions to keep both adders busy).
/// Each input's sum is `bias + w_0·a_0 + w_1·a_1 + …` in that order, unfused, so every build gives the bits of
/// the plain scalar loop.
public enum DenseRows {
    /// row[i] = bias + Σ_s weights[s]·source[s·sourceStride + i], s = 0, 1, …, n − 1 in order, for i in 0..<count.
    ///
    /// - Parameters:
    ///   - row: `count` numbers, written.
    ///   - weights: the row's `n` weights.
    ///   - source: `n` rows of at least `count` numbers, `sourceStride` apart.
    @inline(never)
    public static func dot(
        row: UnsafeMutablePointer<Double>, weights: UnsafePointer<Double>, bias: Double, n: Int,
        source: UnsafePointer<Double>, sourceStride: Int, count: Int
    ) {
        var i0 = 0
        while i0 + 32 <= count {
            var a0 = SIMD8<Double>(repeating: bias), a1 = a0, a2 = a0, a3 = a0
            var a = UnsafeRawPointer(source + i0)
            let step = sourceStride * 8
            for s in 0..<n {
                let w = SIMD8<Double>(repeating: weights[s])
                a0 += w * a.loadUnaligned(as: SIMD8<Double>.self)
                a1 += w * a.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
                a2 += w * a.loadUnaligned(fromByteOffset: 128, as: SIMD8<Double>.self)
                a3 += w * a.loadUnaligned(fromByteOffset: 192, as: SIMD8<Double>.self)
                a += step
            }
            let out = UnsafeMutableRawPointer(row + i0)
            out.storeBytes(of: a0, as: SIMD8<Double>.self)
            out.storeBytes(of: a1, toByteOffset: 64, as: SIMD8<Double>.self)
            out.storeBytes(of: a2, toByteOffset: 128, as: SIMD8<Double>.self)
            out.storeBytes(of: a3, toByteOffset: 192, as: SIMD8<Double>.self)
            i0 += 32
        }
        while i0 + 8 <= count {
            var a0 = SIMD8<Double>(repeating: bias)
            for s in 0..<n {
                let a = UnsafeRawPointer(source + s * sourceStride + i0)
                a0 += SIMD8<Double>(repeating: weights[s]) * a.loadUnaligned(as: SIMD8<Double>.self)
            }
            UnsafeMutableRawPointer(row + i0).storeBytes(of: a0, as: SIMD8<Double>.self)
            i0 += 8
        }
        for i in i0..<count {
            var z = bias
            for s in 0..<n { z += weights[s] * source[s * sourceStride + i] }
            row[i] = z
        }
    }
}

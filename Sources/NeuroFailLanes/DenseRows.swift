/// The dense matrix kernel of the batched forward pass (one target neuron's row on a block of inputs), on 32 inputs
/// at a time.
///
/// Compiled like ``LinearLeaves`` for the platform's baseline and, from the same file (links), for AVX2 and AVX-512;
/// in the AVX2 build the 32 inputs' sums fill eight 4-lane registers (enough independent additions to keep both adders busy).
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

    /// Four consecutive rows of one matrix at once: for r in 0..<4,
    /// rows[r·rowStride + i] = biases[r] + Σ_s weights[r·n + s]·source[s·sourceStride + i], s = 0, 1, …, n − 1 in
    /// order, for i in 0..<count: each row's sums exactly as ``dot(row:weights:bias:n:source:sourceStride:count:)``
    /// gives them.
    ///
    /// Why four: one row at a time reads the whole block of sources (784 sources × 32 inputs, 200 KB) for every row,
    /// from the second-level cache, faster than the arithmetic can use it; four rows share each load of sixteen
    /// inputs (eight independent sums, enough to hide the additions' latency), so the loop waits on its arithmetic
    /// instead. Measured one thread, 1,000-input campaign: 0.079 s to 0.066 s (minimum of 15).
    ///
    /// - Parameters:
    ///   - rows: four rows of `count` numbers, `rowStride` apart, written.
    ///   - weights: the four rows' weights, `n` per row, consecutive; `biases` their four biases.
    ///   - source: `n` rows of at least `count` numbers, `sourceStride` apart.
    @inline(never)
    public static func four(
        rows: UnsafeMutablePointer<Double>, rowStride: Int, weights: UnsafePointer<Double>,
        biases: UnsafePointer<Double>, n: Int, source: UnsafePointer<Double>, sourceStride: Int, count: Int
    ) {
        // Offsets cannot overflow: they address the caller's buffers.
        let w0 = weights, w1 = weights + n, w2 = weights + 2 &* n, w3 = weights + 3 &* n
        let step = sourceStride &* 8
        var i0 = 0
        while i0 &+ 16 <= count {
            var a0 = SIMD8<Double>(repeating: biases[0]), a1 = SIMD8<Double>(repeating: biases[1])
            var a2 = SIMD8<Double>(repeating: biases[2]), a3 = SIMD8<Double>(repeating: biases[3])
            var b0 = a0, b1 = a1, b2 = a2, b3 = a3
            var a = UnsafeRawPointer(source + i0)
            for s in 0..<n {
                let x = a.loadUnaligned(as: SIMD8<Double>.self)
                let y = a.loadUnaligned(fromByteOffset: 64, as: SIMD8<Double>.self)
                let v0 = SIMD8<Double>(repeating: w0[s]), v1 = SIMD8<Double>(repeating: w1[s])
                let v2 = SIMD8<Double>(repeating: w2[s]), v3 = SIMD8<Double>(repeating: w3[s])
                a0 += v0 * x
                b0 += v0 * y
                a1 += v1 * x
                b1 += v1 * y
                a2 += v2 * x
                b2 += v2 * y
                a3 += v3 * x
                b3 += v3 * y
                a += step
            }
            // Stored row by row (no array of the sums built in the loop).
            func store(_ r: Int, _ p: SIMD8<Double>, _ q: SIMD8<Double>) {
                let out = UnsafeMutableRawPointer(rows + (r &* rowStride &+ i0))
                out.storeBytes(of: p, as: SIMD8<Double>.self)
                out.storeBytes(of: q, toByteOffset: 64, as: SIMD8<Double>.self)
            }
            store(0, a0, b0)
            store(1, a1, b1)
            store(2, a2, b2)
            store(3, a3, b3)
            i0 &+= 16
        }
        while i0 &+ 8 <= count {
            var a0 = SIMD8<Double>(repeating: biases[0]), a1 = SIMD8<Double>(repeating: biases[1])
            var a2 = SIMD8<Double>(repeating: biases[2]), a3 = SIMD8<Double>(repeating: biases[3])
            var a = UnsafeRawPointer(source + i0)
            for s in 0..<n {
                let x = a.loadUnaligned(as: SIMD8<Double>.self)
                a0 += SIMD8<Double>(repeating: w0[s]) * x
                a1 += SIMD8<Double>(repeating: w1[s]) * x
                a2 += SIMD8<Double>(repeating: w2[s]) * x
                a3 += SIMD8<Double>(repeating: w3[s]) * x
                a += step
            }
            UnsafeMutableRawPointer(rows + i0).storeBytes(of: a0, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(rows + (rowStride &+ i0)).storeBytes(of: a1, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(rows + (2 &* rowStride &+ i0)).storeBytes(of: a2, as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(rows + (3 &* rowStride &+ i0)).storeBytes(of: a3, as: SIMD8<Double>.self)
            i0 &+= 8
        }
        for r in 0..<4 {
            let w = weights + r &* n, row = rows + r &* rowStride
            for i in i0..<count {
                var z = biases[r]
                for s in 0..<n { z += w[s] * source[s &* sourceStride &+ i] }
                row[i] = z
            }
        }
    }
}

/// The rows the linear walk reads for one block of inputs of the general path's prefix reuse, eight inputs to a
/// vector: per lane group, the prefix chip's deviation D_k = pristine_k − prefix_k (the walk's level 0), then the
/// last hidden layer's contributions C_(j,k) = W_out[k, j]·a_L,j.
///
/// Compiled into each lane module like ``LinearLeaves`` (one instruction does eight of the doubles that take two in
/// the baseline build). Each number is one subtraction or one multiplication, so every build gives the same bits.
/// Built once per block of each run of crash sets that share a prefix (a 784-8-8-8-10 chip with 2 crashes per layer
/// builds them for every one of its 784 prefixes), this was a quarter of that campaign in the engine's baseline
/// build.
public enum LeafRows {
    /// Fills lane groups 0..<`groups` of a block of `count` inputs (lanes at and past `count` hold the
    /// subtraction and products of +0: they deviate by 0): for lane group g, its vectors at `rows + g · groupStride`
    /// are D_k for k < `outputs`, then C_(j,k) at `outputs + j · outputs + k` for j < `neurons`.
    ///
    /// - Parameters:
    ///   - pristine, faulty: output k of input i of the block at `pristine[k · pristineStride + i]` and
    ///     `faulty[k · faultyStride + i]`: eight numbers of a whole lane group, only the real inputs of a partial
    ///     one (what lies past `count` is never read).
    ///   - weights: the readout, W_out[k, j] at `weights[k · fanIn + j]`.
    ///   - source: a_L, neuron j's input i at `source[j · sourceStride + i]`, read like `pristine`.
    @inline(never)
    public static func fill(
        rows: UnsafeMutablePointer<SIMD8<Double>>, groupStride: Int, groups: Int, count: Int,
        pristine: UnsafePointer<Double>, pristineStride: Int, faulty: UnsafePointer<Double>, faultyStride: Int,
        outputs: Int, weights: UnsafePointer<Double>, fanIn: Int, neurons: Int,
        source: UnsafePointer<Double>, sourceStride: Int
    ) {
        @inline(__always) func group(_ g: Int, _ lanes: (UnsafePointer<Double>) -> SIMD8<Double>) {
            let at = rows + g &* groupStride, i = 8 &* g
            for k in 0..<outputs {
                at[k] = lanes(pristine + (k &* pristineStride &+ i)) - lanes(faulty + (k &* faultyStride &+ i))
            }
            for j in 0..<neurons {
                let y = lanes(source + (j &* sourceStride &+ i)), row = at + (outputs &+ j &* outputs)
                for k in 0..<outputs { row[k] = SIMD8(repeating: weights[k &* fanIn &+ j]) * y }
            }
        }
        let whole = min(groups, count / 8)
        for g in 0..<whole { group(g) { UnsafeRawPointer($0).loadUnaligned(as: SIMD8<Double>.self) } }
        // The last, partial group: its real lanes one by one (a vector mask compiled to a loop through memory on
        // every group, a third of this routine's time, when it was computed for all of them).
        for g in whole..<groups {
            let real = max(0, count &- 8 &* g)
            group(g) { p in
                var v = SIMD8<Double>.zero
                for lane in 0..<min(8, real) { v[lane] = p[lane] }
                return v
            }
        }
    }
}

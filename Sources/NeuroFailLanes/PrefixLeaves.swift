/// The innermost loop of the general Ω path's prefix reuse (crashes in every layer, L∞): a set S of last-layer
/// crashes deviates by D + Σ_(j∈S) C_j on the prefix chip, eight inputs at a time.
///
/// Compiled twice like ``LinearLeaves`` (baseline, and AVX2 from the same file), unfused, so both builds give the
/// bits of the plain loop.
public enum PrefixLeaves {
    /// deviations[i] = max over k of |D[k][i] + Σ_(j ∈ crashed, in order) C[j][k][i]| (from 0), i in 0..<blockSize.
    ///
    /// - Parameters:
    ///   - table: one block's D (`outputs` rows of `blockSize` numbers) followed by C: row (1 + j)·outputs + k is
    ///     C[j][k], W_out[k, j]·a_L[j] on the block's inputs.
    ///   - blockSize: a multiple of 8.
    ///   - deviations: `blockSize` numbers, written.
    @inline(never)
    public static func supremum(
        table: UnsafePointer<Double>, blockSize: Int, outputs: Int, crashed: UnsafeBufferPointer<Int>,
        into deviations: UnsafeMutablePointer<Double>
    ) {
        let raw = UnsafeRawPointer(table), out = UnsafeMutableRawPointer(deviations)
        let mask = SIMD8<UInt64>(repeating: 0x7FFF_FFFF_FFFF_FFFF)
        // Offsets in bytes; none can overflow (they address the caller's table).
        let rowBytes = blockSize &* 8
        for i in Swift.stride(from: 0, to: blockSize, by: 8) {
            var top = SIMD8<Double>(repeating: 0)
            for k in 0..<outputs {
                let column = k &* rowBytes &+ i &* 8
                var t = raw.loadUnaligned(fromByteOffset: column, as: SIMD8<Double>.self)
                for j in crashed {
                    t += raw.loadUnaligned(fromByteOffset: (1 &+ j) &* outputs &* rowBytes &+ column, as: SIMD8<Double>.self)
                }
                let magnitude = unsafeBitCast(unsafeBitCast(t, to: SIMD8<UInt64>.self) & mask, to: SIMD8<Double>.self)
                top.replace(with: magnitude, where: magnitude .> top)
            }
            out.storeBytes(of: top, toByteOffset: i &* 8, as: SIMD8<Double>.self)
        }
    }
}

extension PackedNetwork {
    /// Four ``IntervalSum``s side by side, one per lane: lane q is the running sum of one row, and adds exactly the
    /// terms, in the order and with the roundings, that row's own ``IntervalSum`` would. The lanes share
    /// instructions, never values, so each lane's result has the scalar sum's bits.
    struct IntervalLanes {
        var lo: SIMD4<Double>, hi: SIMD4<Double>, abs: SIMD4<Double>

        /// Each lane starts at its bias, as ``IntervalSum/init(bias:)``.
        init(bias: SIMD4<Double>) { (lo, hi, abs) = (bias, bias, Self.magnitude(bias)) }

        /// |v| per lane, by clearing the sign bit: what `Swift.abs` gives, −0 and NaN included.
        @inline(__always)
        static func magnitude(_ v: SIMD4<Double>) -> SIMD4<Double> {
            unsafeBitCast(
                unsafeBitCast(v, to: SIMD4<UInt64>.self) & SIMD4(repeating: 0x7FFF_FFFF_FFFF_FFFF),
                to: SIMD4<Double>.self)
        }

        /// The larger of x and y per lane, as `Swift.max(x, y)` picks it (y where y >= x).
        @inline(__always)
        static func larger(_ x: SIMD4<Double>, _ y: SIMD4<Double>) -> SIMD4<Double> {
            x.replacing(with: y, where: y .>= x)
        }

        /// Adds w · [lower, upper] in the lanes of `live`, as ``IntervalSum/add(_:lower:upper:)`` does per lane; a
        /// lane outside `live` (a zero weight, which the scalar sum skips) is left exactly as it was.
        @inline(__always)
        mutating func add(
            _ w: SIMD4<Double>, lower: SIMD4<Double>, upper: SIMD4<Double>, where live: SIMDMask<SIMD4<Int64>>
        ) {
            let a = w * lower, b = w * upper
            let ordered = a .< b
            let low = b.replacing(with: a, where: ordered), high = a.replacing(with: b, where: ordered)
            let size = Self.magnitude(w) * Self.larger(Self.magnitude(lower), Self.magnitude(upper))
            lo.replace(with: lo + low, where: live)
            hi.replace(with: hi + high, where: live)
            abs.replace(with: abs + size, where: live)
        }

        /// Lane `q` as the scalar sum.
        func lane(_ q: Int) -> IntervalSum {
            var sum = IntervalSum(bias: 0)
            (sum.lo, sum.hi, sum.abs) = (lo[q], hi[q], abs[q])
            return sum
        }
    }
}

import Foundation

extension TextInput {
    /// 10^0 … 10^22, every one exact in a Double.
    static let exactPowers: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { x, _ in x * 10 } }

    /// The decimal number in bytes [start, end) of `base`, correctly rounded, or nil if they are not one number
    /// (as `strtod` reads numbers, the whole field consumed: signs, exponents, `inf`, `nan` included).
    ///
    /// The readers of large files (the CSV reader, the chip JSON parser) read millions of numbers: this one makes no
    /// String of them. Clinger's fast path where the digits allow it (`[-+]digits[.digits]` with at most 15
    /// significant digits and 22 decimals is w / 10^d with w < 2^53 and 10^d exact, so one IEEE division gives the
    /// correctly rounded value); 16 to 19 significant digits by an exact integer test of the candidate
    /// (``nearest(_:decimals:powers:)``: strtod cost 9 ms of a 100 ms campaign reading a 38,000-weight chip);
    /// else `strtod` on a terminated copy on the stack. All round correctly, as `Double(String)` does, so the bits
    /// are the same (tested).
    ///
    /// - Parameter powers: ``exactPowers``, passed by a caller that reads it in a loop (a static is behind a
    ///   once-check on every access).
    static func number(
        _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, powers: [Double] = exactPowers
    ) -> Double? {
        guard end > start else { return nil }
        var i = start
        let negative = base[i] == UInt8(ascii: "-")
        if negative || base[i] == UInt8(ascii: "+") { i += 1 }
        var w: UInt64 = 0
        var significant = 0, decimals = 0, digits = 0
        var seenPoint = false
        var plain = true
        while i < end {
            let c = base[i]
            if c >= 0x30 && c <= 0x39 {
                if w > 0 || c != 0x30 { significant += 1 }
                if significant > 19 { plain = false; break }
                w = w * 10 + UInt64(c - 0x30)
                digits += 1
                if seenPoint { decimals += 1 }
            } else if c == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                plain = false
                break
            }
            i += 1
        }
        if plain {
            guard digits > 0 else { return nil }
            // More than 22 decimals (0.000…01): 10^d is not exact, so strtod below reads it.
            if decimals <= 22 {
                if significant <= 15 {
                    let x = Double(w) / powers[decimals]
                    return negative ? -x : x
                }
                if let x = nearest(w, decimals: decimals, powers: powers) { return negative ? -x : x }
            }
        }
        // Anything else (exponents, longer mantissas, the rare undecided 16-19 digits, inf, nan): strtod on a
        // terminated copy, which must consume the whole field.
        let length = end - start
        guard length < 512 else {
            return Double(String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self))
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            for k in 0..<length { buffer[k] = CChar(bitPattern: base[start + k]) }
            buffer[length] = 0
            guard let token = buffer.baseAddress else { return nil }
            var stop: UnsafeMutablePointer<CChar>?
            let x = strtod(token, &stop)
            guard let stop, stop - token == length else { return nil }
            return x
        }
    }

    /// w / 10^d correctly rounded (round to nearest, ties to even), when a cheap exact test decides it; else nil
    /// (then strtod decides). For the 16 to 19 significant digits that w < 2^64 holds and Clinger's fast path does
    /// not cover: the shortest round-trip form of most doubles has 17, so nearly every weight of a chip file.
    ///
    /// The candidate c = Double(w) / 10^d (two roundings: within an ulp or so of w / 10^d, one off a quarter of
    /// the time at 19 digits) is the answer exactly when w / 10^d lies strictly between the midpoints
    /// (2m ∓ 1)·2^(e−1) around c = m·2^e; with 10^d = 5^d·2^d that is (2m − 1)·5^d·2^s < w < (2m + 1)·5^d·2^s,
    /// s = e − 1 + d, compared in 128-bit integers (2m + 1 < 2^54 and 5^22 < 2^52, and one side shifted by |s| when
    /// it fits). Where w / 10^d lies past a midpoint, the neighbour on that side is tested, twice at most. Not
    /// decided (nil): a candidate that is a power of two (its lower neighbour is nearer than its upper), not normal,
    /// an exact midpoint (ties go to strtod), or a shift past 128 bits.
    ///
    /// - Precondition: `decimals` ≤ 22 and `powers` is ``exactPowers``.
    static func nearest(_ w: UInt64, decimals d: Int, powers: [Double]) -> Double? {
        guard w > 0 else { return nil }
        // 5^d = 10^d / 2^d, both exact.
        let five = UInt128(powers[d]) >> d
        var c = Double(w) / powers[d]
        for _ in 0..<3 {
            guard c.isNormal, c.significandBitPattern != 0 else { return nil }
            let m = UInt128(c.significandBitPattern | (1 << 52))
            let s = Int(c.exponent) - 52 - 1 + d
            var lower = (2 * m - 1) * five, upper = (2 * m + 1) * five, value = UInt128(w)
            if s >= 0 {
                guard upper.leadingZeroBitCount > s else { return nil }
                lower <<= s
                upper <<= s
            } else {
                guard value.leadingZeroBitCount > -s else { return nil }
                value <<= -s
            }
            if lower < value && value < upper { return c }
            if value == lower || value == upper { return nil }
            c = value > upper ? c.nextUp : c.nextDown
        }
        return nil
    }
}

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
    /// correctly rounded value), else `strtod` on a terminated copy on the stack. Both round correctly, as
    /// `Double(String)` does, so the bits are the same (tested).
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
                if significant > 15 { plain = false; break }
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
                let x = Double(w) / powers[decimals]
                return negative ? -x : x
            }
        }
        // Anything else (exponents, long mantissas, inf, nan): strtod on a terminated copy, which must consume
        // the whole field.
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
}

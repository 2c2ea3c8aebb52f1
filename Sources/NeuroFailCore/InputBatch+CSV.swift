import Foundation

extension InputBatch {
    /// Reads a CSV file with one input per line and `dimension` numbers per line, comma-separated.
    ///
    /// Blank lines and lines starting with `#` are skipped. A first line that is entirely non-numeric is taken as a
    /// header and skipped. Lines may end in `\n`, `\r\n` or `\r`, and a UTF-8 byte-order mark is ignored
    /// (``TextInput``). Errors name the line: `x.csv: line 4: has 3 numbers, expected 4`.
    ///
    /// Numbers are read to the same doubles as `Double(String)` (correctly rounded), by Clinger's exact fast path for
    /// short plain decimals and by `strtod` otherwise, straight from the file's bytes: a million numbers take tens of
    /// milliseconds, so large workloads are not dominated by parsing.
    public static func loadCSV(path: String, dimension: Int) throws(InputError) -> InputBatch {
        let data = try InputError.readFile(path)
        var values = [Double]()
        values.reserveCapacity(data.count / 8)
        var rows = 0
        let failure: InputError? = data.withUnsafeBytes { raw -> InputError? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            var reader = CSVLineReader(base: base, count: raw.count, path: path, dimension: dimension)
            do throws(InputError) {
                try reader.read(into: &values, rows: &rows)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        guard rows > 0 else { throw .malformed(file: path, location: "line 1", reason: "no input rows") }
        return InputBatch(count: rows, dimension: dimension, values: values)
    }
}

/// The byte-level CSV reader behind ``InputBatch/loadCSV(path:dimension:)``. Unsafe pointers over the file's bytes:
/// the hot loop of loading large workloads; every access is bounded by `count`.
private struct CSVLineReader {
    let base: UnsafePointer<UInt8>
    let count: Int
    let path: String
    let dimension: Int

    static let exactPowers: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { x, _ in x * 10 } }
    /// ``exactPowers`` held by the reader: a static is behind a once-check on every access, and this is read once
    /// per number.
    let powers = CSVLineReader.exactPowers

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, end - start)), as: UTF8.self)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    /// Parses the number in bytes [start, end) exactly, or returns nil if they are not one number.
    func number(_ start: Int, _ end: Int) -> Double? {
        guard end > start else { return nil }
        // Clinger's fast path: [-]digits[.digits] with ≤ 15 significant digits and ≤ 22 decimals is w / 10^d with
        // w < 2^53 and 10^d exact, so one IEEE division gives the correctly rounded value.
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
            guard digits > 0, decimals <= 22 else { return nil }
            let x = Double(w) / powers[decimals]
            return negative ? -x : x
        }
        // Anything else (exponents, long mantissas, inf, nan): strtod on a terminated copy, which must consume
        // the whole field.
        let length = end - start
        guard length < 512 else { return Double(text(start, end)) }
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

    mutating func read(into values: inout [Double], rows: inout Int) throws(InputError) {
        var lineStart = TextInput.textStart(UnsafeBufferPointer(start: base, count: count))
        var lineNumber = 0
        var fields = [(Int, Int)]()
        fields.reserveCapacity(dimension + 1)
        while lineStart < count {
            let (lineEnd, next) = TextInput.line(from: lineStart, count: count) { base[$0] }
            lineNumber += 1
            defer { lineStart = next }
            var a = lineStart
            var b = lineEnd
            while a < b && Self.isSpace(base[a]) { a += 1 }
            while b > a && Self.isSpace(base[b - 1]) { b -= 1 }
            if a == b || base[a] == UInt8(ascii: "#") { continue }
            // Split into trimmed fields.
            fields.removeAll(keepingCapacity: true)
            var f = a
            while true {
                var e = f
                while e < b && base[e] != UInt8(ascii: ",") { e += 1 }
                var fs = f
                var fe = e
                while fs < fe && Self.isSpace(base[fs]) { fs += 1 }
                while fe > fs && Self.isSpace(base[fe - 1]) { fe -= 1 }
                fields.append((fs, fe))
                if e >= b { break }
                f = e + 1
            }
            let mark = values.count
            var firstBad: Int?
            for (c, (fs, fe)) in fields.enumerated() {
                if let x = number(fs, fe) {
                    values.append(x)
                } else if firstBad == nil {
                    firstBad = c
                }
            }
            if rows == 0, mark == 0, values.count == mark {
                continue  // a header: no field is a number
            }
            guard fields.count == dimension else {
                throw .malformed(
                    file: path, location: "line \(lineNumber)",
                    reason: "has \(fields.count) numbers, expected \(dimension) (the chip's inputs)")
            }
            if let c = firstBad {
                throw .malformed(
                    file: path, location: "line \(lineNumber), column \(c + 1)",
                    reason: "\"\(TextInput.excerpt(text(fields[c].0, fields[c].1)))\" is not a number")
            }
            for k in mark..<values.count where !values[k].isFinite {
                throw .malformed(file: path, location: "line \(lineNumber), column \(k - mark + 1)", reason: "not finite")
            }
            rows += 1
        }
    }
}

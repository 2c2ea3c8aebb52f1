import Foundation

extension InputBatch {
    /// Reads a CSV file with one input per line and `dimension` numbers per line, comma-separated.
    ///
    /// Blank lines and lines starting with `#` are skipped. The first other line is a header, and skipped, when no
    /// field of it is a number and it holds a letter (`x1,x2`); any other line that does not parse is an error, so a
    /// damaged first row is never silently dropped. A field may be wrapped in double quotes (`"0.5"`, as
    /// spreadsheets write). Lines may end in `\n`, `\r\n` or `\r`, and a UTF-8 byte-order mark is ignored
    /// (``TextInput``). Errors name the line: `x.csv: line 4: has 3 numbers, expected 4`.
    ///
    /// Numbers are read to the same doubles as `Double(String)` (correctly rounded), by Clinger's exact fast path for
    /// short plain decimals and by `strtod` otherwise, straight from the file's bytes: a million numbers take tens of
    /// milliseconds, so large workloads are not dominated by parsing.
    public static func loadCSV(path: String, dimension: Int) throws(InputError) -> InputBatch {
        let data = try InputError.readFile(path)
        var values = [Double]()
        var rows = 0
        let failure: InputError? = data.withUnsafeBytes { raw -> InputError? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            let reader = CSVLineReader(base: base, count: raw.count, path: path, dimension: dimension)
            do throws(InputError) {
                try reader.readInParts(into: &values, rows: &rows)
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
///
/// `@unchecked Sendable`: the parts of one file are read on several threads, which only read the bytes (valid for the
/// whole call of ``InputBatch/loadCSV(path:dimension:)``, which waits for them) and write disjoint places of one
/// array.
private struct CSVLineReader: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let count: Int
    let path: String
    let dimension: Int

    /// ``TextInput/exactPowers`` held by the reader: a static is behind a once-check on every access, and this is
    /// read once per number.
    let powers = TextInput.exactPowers

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, end - start)), as: UTF8.self)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }

    /// Parses the number in bytes [start, end) exactly, or returns nil if they are not one number
    /// (``TextInput/number(_:_:_:powers:)``).
    func number(_ start: Int, _ end: Int) -> Double? { TextInput.number(base, start, end, powers: powers) }

    /// Reads one line of `dimension` plain numbers (`[-]digits[.digits]`, at most 15 digits) separated by single
    /// commas, with no space, quote or sign other than `-`, ending in `\n`, `\r\n`, `\r` or the end: the lines
    /// every exporter writes. Returns where the next line starts, or nil (and leaves `values` as it was) for any
    /// other line, which the general reader then reads. Each number is w / 10^d with w < 10^15 < 2^53, the same
    /// correctly rounded division as ``number(_:_:)``'s fast path, so both give the same bits.
    @inline(__always)
    func plainLine<Sink: ValueSink>(from start: Int, end: Int, into values: inout Sink) -> Int? {
        let mark = values.count
        var i = start
        for field in 0..<dimension {
            guard i < end else { break }
            let negative = base[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            var w: UInt64 = 0
            var decimals = 0
            if let (value, places, next) = shortNumber(at: i, end: end) {
                w = value
                decimals = places
                i = next
            } else {
                var digits = 0
                while i < end, case let d = base[i] &- 0x30, d < 10 {
                    w = w &* 10 &+ UInt64(d)
                    digits += 1
                    i += 1
                }
                if i < end && base[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < end, case let d = base[i] &- 0x30, d < 10 {
                        w = w &* 10 &+ UInt64(d)
                        digits += 1
                        decimals += 1
                        i += 1
                    }
                }
                guard digits > 0, digits <= 15 else { break }
            }
            let x = Double(w) / powers[decimals]
            values.append(negative ? -x : x)
            if field + 1 < dimension {
                guard i < end, base[i] == UInt8(ascii: ",") else { break }
                i += 1
            } else if i == end {
                return end
            } else if base[i] == 0x0A {
                return i + 1
            } else if base[i] == 0x0D {
                return i + 1 < end && base[i + 1] == 0x0A ? i + 2 : i + 1
            }
        }
        values.truncate(to: mark)
        return nil
    }

    /// 10^0 ... 10^7 as integers.
    let integerPowers: [UInt64] = (0..<8).map { p in (0..<p).reduce(1) { x, _ in x * 10 } }

    /// Reads `digits[.digits]` at `start` eight bytes at a time, for at most 7 digits before the point and 7 after
    /// it: w (the digits as one integer), the digits after the point, and where the number ends. Nil for anything
    /// else (longer runs, no digit, fewer than 16 bytes left), which the byte-by-byte loop then reads; where both
    /// read a number they give the same three values (tested on every digit count, point place and terminator).
    ///
    /// A run's length is that of the leading bytes in '0'...'9' of a little-endian word, found for all eight bytes at
    /// once; its value is the SWAR sum of fast_float's `parse_eight_digits_unrolled` (Lemire), the run moved to the
    /// word's top bytes so that the missing digits are leading zeros. One number of the usual workload
    /// (`0.776733,`) took nine compares and branches byte by byte.
    @inline(__always)
    func shortNumber(at start: Int, end: Int) -> (w: UInt64, decimals: Int, next: Int)? {
        guard start + 16 <= end else { return nil }
        let whole = Self.word(base + start)
        let n = Self.digitRun(whole)
        guard n < 8 else { return nil }
        let point = start + n
        guard base[point] == UInt8(ascii: ".") else { return n > 0 ? (Self.digitsValue(whole, n), 0, point) : nil }
        let fraction = Self.word(base + point + 1)  // point + 1 + 8 <= start + 16
        let f = Self.digitRun(fraction)
        guard f < 8, n + f > 0 else { return nil }
        let before = n > 0 ? Self.digitsValue(whole, n) : 0, after = f > 0 ? Self.digitsValue(fraction, f) : 0
        return (before &* integerPowers[f] &+ after, f, point + 1 + f)
    }

    /// The eight bytes at `p`, the first in the lowest byte.
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// How many of the word's bytes, from the lowest, are ASCII digits (8: all).
    ///
    /// A byte is a digit when its high nibble is 3 and stays 3 after adding 6 (0x3A...0x3F become 0x40...). The add
    /// can carry from a byte of 0xFA or more into the next one, but such a byte is itself not a digit, so the bytes
    /// below the first non-digit, all that the count depends on, are exact.
    @inline(__always)
    static func digitRun(_ x: UInt64) -> Int {
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0, threes: UInt64 = 0x3030_3030_3030_3030
        let other = ((x & high) ^ threes) | (((x &+ 0x0606_0606_0606_0606) & high) ^ threes)
        return other.trailingZeroBitCount >> 3
    }

    /// The value of the word's lowest `n` bytes (1...8, all digits) as a decimal number, the lowest byte first.
    @inline(__always)
    static func digitsValue(_ x: UInt64, _ n: Int) -> UInt64 {
        // Each byte's digit, the run moved up so that its first digit is byte 8 - n: bytes past the run (and the
        // borrows their subtraction may make) are shifted out.
        var v = (x &- 0x3030_3030_3030_3030) &<< UInt64(8 * (8 - n))
        v = (v &* 2561) >> 8  // byte pairs: 10 a + b
        v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16  // quadruples: 100 ab + cd
        return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32  // 10^4 abcd + efgh
    }

    /// Whether bytes [start, end) hold an ASCII letter.
    func hasLetter(_ start: Int, _ end: Int) -> Bool {
        (start..<end).contains { i in
            let c = base[i] | 0x20
            return c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
        }
    }

    /// Files from this size on are read in parts, one per processor.
    static let partBytes = 1 << 20

    /// Reads the whole file: in parts cut at line starts, one per processor, for files of ``partBytes`` and more.
    ///
    /// Every number is read from its own bytes alone, so the parts give the same doubles as one pass. Line numbers
    /// are only known in one pass, so when a part finds an error, the whole file is read again in one pass for
    /// the message (the same error: the first bad line).
    func readInParts(into values: inout [Double], rows: inout Int) throws(InputError) {
        let start = TextInput.textStart(UnsafeBufferPointer(start: base, count: count))
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, max(1, (count - start) / Self.partBytes))
        // A part begins after the first line feed at or past its even share of the bytes.
        var bounds = [start]
        for k in 1..<max(1, parts) {
            var cut = max(bounds[k - 1], start + (count - start) * k / parts)
            while cut < count && base[cut - 1] != 0x0A { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(count)
        let cuts = bounds
        guard parts > 1 else {
            values.reserveCapacity((count - start) / 8)
            try read(from: start, to: count, into: &values, rows: &rows)
            return
        }
        // Each row is one line, so a part's lines bound its rows: the parts read straight into their places in one
        // array (no array per part, no copy to join them), and the gaps that lines without a row leave (a header,
        // blank lines, comments) are closed afterwards. A row takes at least two bytes per number ("0,"), so more
        // room than that means lines that are not rows: such a file is read the way below.
        let reader = self
        let lines = Self.concurrently(parts) { k in
            let unended = cuts[k + 1] > cuts[k] && reader.base[cuts[k + 1] - 1] != 0x0A
            return reader.lineFeeds(cuts[k], cuts[k + 1]) + (unended ? 1 : 0)
        }
        let room = lines.reduce(0, +) * dimension
        if room <= (count - start) / 2 + dimension {
            var starts = [0]
            for k in 0..<(parts - 1) { starts.append(starts[k] + lines[k] * dimension) }
            let offsets = starts
            var found = [Int]()
            values = [Double](unsafeUninitializedCapacity: room) { buffer, initialized in
                HugePages.advise(buffer.baseAddress!, count: room)
                let buffer = SendablePointer(buffer.baseAddress!)
                found = Self.concurrently(parts) { k in
                    var sink = BufferSink(base: buffer.pointer + offsets[k], capacity: lines[k] * reader.dimension)
                    var partRows = 0
                    do throws(InputError) {
                        try reader.read(
                            from: cuts[k], to: cuts[k + 1], into: &sink, rows: &partRows, mayHaveHeader: k == 0)
                    } catch {
                        return -1
                    }
                    // More numbers than its lines hold rows (lines ended by a lone carriage return): one pass.
                    return sink.count <= sink.capacity ? partRows : -1
                }
                var end = 0
                if !found.contains(-1) {
                    for k in 0..<parts {
                        let n = found[k] * reader.dimension
                        if offsets[k] != end {
                            // Down over the gap (memmove: the two ranges may overlap).
                            UnsafeMutableRawPointer(buffer.pointer + end).copyMemory(
                                from: buffer.pointer + offsets[k], byteCount: n * MemoryLayout<Double>.stride)
                        }
                        end += n
                    }
                }
                initialized = end
            }
            if !found.contains(-1) {
                rows = found.reduce(0, +)
                return
            }
            // A part found an error: the whole file again in one pass, for its line number (or, for lines ended
            // by lone carriage returns, for its rows).
            values = []
            rows = 0
        } else {
            values.reserveCapacity((count - start) / 8)
        }
        try read(from: start, to: count, into: &values, rows: &rows)
    }

    /// The line feeds in bytes [start, end): `memchr` from one to the next (the C library's vector search; a
    /// byte-by-byte count was 7 % of reading a 1,000-row CSV).
    func lineFeeds(_ start: Int, _ end: Int) -> Int {
        var n = 0, i = start
        while i < end, let hit = memchr(base + i, 0x0A, end - i) {
            n += 1
            i = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base + 1
        }
        return n
    }

    /// `body(k)` for k in 0..<n on the processors, the results in k order.
    static func concurrently(_ n: Int, _ body: @Sendable (Int) -> Int) -> [Int] {
        [Int](unsafeUninitializedCapacity: n) { results, initialized in
            let slots = SendablePointer(results.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: n) { k in (slots.pointer + k).initialize(to: body(k)) }
            initialized = n
        }
    }

    /// Reads the lines in bytes [from, to) (from a line start); `mayHaveHeader`: the first row may be a header.
    /// Line numbers in errors count from `from`.
    func read<Sink: ValueSink>(
        from: Int, to end: Int, into values: inout Sink, rows: inout Int, mayHaveHeader: Bool = true
    ) throws(InputError) {
        let count = end
        var lineStart = from
        var lineNumber = 0
        var fields = [(Int, Int)]()
        fields.reserveCapacity(dimension + 1)
        while lineStart < count {
            if let next = plainLine(from: lineStart, end: count, into: &values) {
                // The common line, read in one scan: `dimension` plain numbers, commas, nothing else.
                lineNumber += 1
                rows += 1
                lineStart = next
                continue
            }
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
                if fe - fs >= 2, base[fs] == UInt8(ascii: "\""), base[fe - 1] == UInt8(ascii: "\"") {
                    fs += 1
                    fe -= 1
                }
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
            if mayHaveHeader, rows == 0, mark == 0, values.count == mark, hasLetter(a, b) {
                continue  // a header: no field is a number, and it has a letter (a damaged row has none)
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

/// Where ``CSVLineReader`` puts the numbers it reads: an array, or a part's place in one (``BufferSink``).
private protocol ValueSink {
    /// The numbers put so far.
    var count: Int { get }
    /// Puts one more number.
    mutating func append(_ x: Double)
    /// Takes back the numbers from `count` on.
    mutating func truncate(to count: Int)
    /// Number k, k < ``count``.
    subscript(_ k: Int) -> Double { get }
}

extension Array: ValueSink where Element == Double {
    fileprivate mutating func truncate(to count: Int) { removeSubrange(count...) }
}

/// A part's place in the array being read: `capacity` uninitialised numbers at `base`, its rows' worth.
///
/// Only a line that is then refused can put more (a line of more numbers than the chip's inputs): those are counted
/// but not written, and read back as NaN, and the error makes the file be read again in one pass.
private struct BufferSink: ValueSink {
    let base: UnsafeMutablePointer<Double>
    let capacity: Int
    private(set) var count = 0

    init(base: UnsafeMutablePointer<Double>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func append(_ x: Double) {
        if count < capacity { (base + count).initialize(to: x) }
        count += 1
    }

    mutating func truncate(to count: Int) { self.count = count }

    subscript(_ k: Int) -> Double { k < capacity ? base[k] : .nan }
}

import Foundation
import NeuroFailCore

/// A gzip (RFC 1952) and DEFLATE (RFC 1951) decoder: Foundation on Linux has no gzip API, and the MNIST files
/// ship as `.gz`. It decodes stored, fixed-Huffman and dynamic-Huffman blocks, checks each member's CRC-32 and
/// length, and accepts several concatenated members (as `gzip` itself does).
public enum Gzip {
    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The decompressed bytes of a gzip file's contents.
    ///
    /// - Parameter file: the file name, for error messages only.
    /// - Throws: ``InputError/malformed(file:location:reason:)`` naming the file and the byte offset: bad magic,
    ///   reserved flags, a corrupt DEFLATE stream, a truncated file, a CRC-32 or length mismatch.
    public static func decompress(_ data: Data, file: String) throws(InputError) -> [UInt8] {
        let bytes = [UInt8](data)
        do {
            return try bytes.withUnsafeBufferPointer { (input) throws(DeflateError) -> [UInt8] in
                var output = [UInt8]()
                output.reserveCapacity(expectedSize(input))
                var offset = 0
                repeat {
                    offset = try member(input, at: offset, into: &output)
                } while offset < input.count
                return output
            }
        } catch {
            throw .malformed(file: file, location: "byte \(error.offset)", reason: error.reason)
        }
    }

    /// The ISIZE field of the last member (the uncompressed size modulo 2^32): a capacity hint only.
    private static func expectedSize(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        guard input.count >= 18 else { return 0 }
        return Int(readLE32(input, input.count - 4))
    }

    private static func readLE32(_ input: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(input[at]) | UInt32(input[at + 1]) << 8 | UInt32(input[at + 2]) << 16 | UInt32(input[at + 3]) << 24
    }

    /// Decodes one gzip member starting at `start`, appending to `output`; returns the offset just past it.
    private static func member(_ input: UnsafeBufferPointer<UInt8>, at start: Int, into output: inout [UInt8])
        throws(DeflateError) -> Int
    {
        func need(_ n: Int, _ at: Int, _ what: String) throws(DeflateError) {
            guard at + n <= input.count else { throw DeflateError("truncated gzip file (in the \(what))", at) }
        }
        guard start + 2 <= input.count, input[start] == 0x1f, input[start + 1] == 0x8b else {
            throw DeflateError(
                start == 0 ? "not a gzip file (bad magic bytes)" : "unexpected bytes after the last gzip member", start)
        }
        try need(10, start, "header")
        guard input[start + 2] == 8 else {
            throw DeflateError("unknown gzip compression method \(input[start + 2]) (only 8, DEFLATE)", start + 2)
        }
        let flags = input[start + 3]
        guard flags & 0xE0 == 0 else { throw DeflateError("reserved gzip header flags are set", start + 3) }
        var p = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            try need(2, p, "header")
            let length = Int(input[p]) | Int(input[p + 1]) << 8
            p += 2
            try need(length, p, "header")
            p += length
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while true {
                try need(1, p, "header")
                p += 1
                if input[p - 1] == 0 { break }
            }
        }
        if flags & 0x02 != 0 { p += 2 }  // FHCRC
        let first = output.count
        let end = try Inflater.inflate(input, from: p, into: &output)
        try need(8, end, "trailer")
        let crc = readLE32(input, end)
        let size = readLE32(input, end + 4)
        let actual = output.withUnsafeBufferPointer { CRC32.checksum(UnsafeBufferPointer(rebasing: $0[first...])) }
        guard actual == crc else {
            throw DeflateError(
                "CRC-32 mismatch: the file says \(hex(crc)), the data gives \(hex(actual)) (corrupt file)", end)
        }
        guard UInt32(truncatingIfNeeded: output.count - first) == size else {
            throw DeflateError("length mismatch: the file says \(size) bytes, the data gives \(output.count - first)", end + 4)
        }
        return end + 8
    }

    private static func hex(_ x: UInt32) -> String {
        let digits = String(x, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// A problem in a DEFLATE or gzip stream, at a byte offset.
struct DeflateError: Error {
    let reason: String
    let offset: Int
    init(_ reason: String, _ offset: Int) {
        self.reason = reason
        self.offset = offset
    }
}

/// CRC-32 as in gzip and PNG (reflected polynomial 0xEDB88320).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        table.withUnsafeBufferPointer { t in
            var c: UInt32 = 0xFFFF_FFFF
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
            return c ^ 0xFFFF_FFFF
        }
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBufferPointer { checksum($0) } }
}

/// A canonical Huffman code as a lookup table indexed by the next `maxLength` bits of the stream (least significant
/// bit first, as DEFLATE packs them). Entry: symbol << 4 | code length; 0 marks a bit pattern with no code.
struct HuffmanTable {
    let entries: [UInt32]
    let maxLength: Int

    /// Builds the table from code lengths (0 = symbol unused). Over-subscribed codes are rejected; incomplete ones
    /// are allowed (RFC 1951 permits a one-code distance tree), and their missing patterns fail when read.
    init(lengths: ArraySlice<UInt8>, offset: Int) throws(DeflateError) {
        var counts = [Int](repeating: 0, count: 16)
        for l in lengths { counts[Int(l)] += 1 }
        counts[0] = 0
        var left = 1
        for len in 1...15 {
            left = left * 2 - counts[len]
            guard left >= 0 else { throw DeflateError("invalid Huffman code lengths (over-subscribed)", offset) }
        }
        let maxLength = max(1, (1...15).last(where: { counts[$0] > 0 }) ?? 1)
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for len in 1...15 {
            next[len] = code
            code = (code + counts[len]) << 1
        }
        var entries = [UInt32](repeating: 0, count: 1 << maxLength)
        for (i, l) in lengths.enumerated() where l > 0 {
            let len = Int(l)
            var c = next[len]
            next[len] += 1
            var reversed = 0
            for _ in 0..<len {
                reversed = reversed << 1 | (c & 1)
                c >>= 1
            }
            let entry = UInt32(i) << 4 | UInt32(len)
            var index = reversed
            while index < entries.count {
                entries[index] = entry
                index += 1 << len
            }
        }
        self.entries = entries
        self.maxLength = maxLength
    }
}

/// The DEFLATE decoder proper (RFC 1951).
struct Inflater {
    private let input: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var buffer: UInt64 = 0
    private var bitCount = 0

    private static let lengthBase: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// The fixed Huffman codes of RFC 1951 §3.2.6. Built from constant code lengths that form complete codes, so the
    /// table construction cannot fail: the `try!` below never sees user data.
    private static let fixedTables: (HuffmanTable, HuffmanTable) = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        let literals = try! HuffmanTable(lengths: lengths[...], offset: 0)
        let distances = try! HuffmanTable(lengths: [UInt8](repeating: 5, count: 30)[...], offset: 0)
        return (literals, distances)
    }()

    private init(input: UnsafeBufferPointer<UInt8>, position: Int) {
        self.input = input
        self.position = position
    }

    /// Decodes the DEFLATE stream starting at byte `start`, appending to `output`; returns the offset of the first
    /// byte after the final block (the stream ends on a byte boundary).
    static func inflate(_ input: UnsafeBufferPointer<UInt8>, from start: Int, into output: inout [UInt8])
        throws(DeflateError) -> Int
    {
        var inflater = Inflater(input: input, position: start)
        while true {
            let header = try inflater.bits(3)
            switch header >> 1 {
            case 0: try inflater.storedBlock(into: &output)
            case 1: try inflater.huffmanBlock(fixedTables.0, fixedTables.1, into: &output)
            case 2:
                let (literals, distances) = try inflater.dynamicTables()
                try inflater.huffmanBlock(literals, distances, into: &output)
            default: throw DeflateError("invalid DEFLATE block type 3", inflater.byteOffset)
            }
            if header & 1 == 1 { break }
        }
        inflater.alignToByte()
        return inflater.byteOffset
    }

    /// The offset of the next unread byte (bits already buffered are given back).
    private var byteOffset: Int { position - bitCount / 8 }

    @inline(__always)
    private mutating func refill() {
        while bitCount <= 56, position < input.count {
            buffer |= UInt64(input[position]) << UInt64(bitCount)
            position += 1
            bitCount += 8
        }
    }

    @inline(__always)
    private mutating func bits(_ n: Int) throws(DeflateError) -> Int {
        if bitCount < n {
            refill()
            guard bitCount >= n else { throw DeflateError("truncated DEFLATE stream", input.count) }
        }
        let value = Int(buffer & ((1 << UInt64(n)) - 1))
        buffer >>= UInt64(n)
        bitCount -= n
        return value
    }

    @inline(__always)
    private mutating func symbol(_ table: HuffmanTable) throws(DeflateError) -> Int {
        if bitCount < table.maxLength { refill() }
        let entry = table.entries.withUnsafeBufferPointer { $0[Int(buffer & ((1 << UInt64(table.maxLength)) - 1))] }
        let length = Int(entry & 15)
        guard length > 0 else { throw DeflateError("invalid Huffman code in DEFLATE stream", byteOffset) }
        guard length <= bitCount else { throw DeflateError("truncated DEFLATE stream", input.count) }
        buffer >>= UInt64(length)
        bitCount -= length
        return Int(entry >> 4)
    }

    private mutating func alignToByte() {
        let drop = bitCount % 8
        buffer >>= UInt64(drop)
        bitCount -= drop
    }

    private mutating func storedBlock(into output: inout [UInt8]) throws(DeflateError) {
        alignToByte()
        var p = byteOffset
        buffer = 0
        bitCount = 0
        guard p + 4 <= input.count else { throw DeflateError("truncated DEFLATE stream (stored block header)", p) }
        let length = Int(input[p]) | Int(input[p + 1]) << 8
        let complement = Int(input[p + 2]) | Int(input[p + 3]) << 8
        guard length == complement ^ 0xFFFF else {
            throw DeflateError("stored block length \(length) does not match its complement", p)
        }
        p += 4
        guard p + length <= input.count else { throw DeflateError("truncated DEFLATE stream (stored block)", p) }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[p..<(p + length)]))
        position = p + length
    }

    private mutating func dynamicTables() throws(DeflateError) -> (HuffmanTable, HuffmanTable) {
        let start = byteOffset
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw DeflateError("too many literal/length or distance codes in a dynamic block", start)
        }
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[i]] = UInt8(try bits(3)) }
        let codeLengthTable = try HuffmanTable(lengths: codeLengths[...], offset: start)
        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var i = 0
        while i < lengths.count {
            let sym = try symbol(codeLengthTable)
            var repeatValue: UInt8 = 0
            var repeatCount = 0
            switch sym {
            case 0..<16:
                lengths[i] = UInt8(sym)
                i += 1
                continue
            case 16:
                guard i > 0 else { throw DeflateError("code length repeat with no previous length", byteOffset) }
                repeatValue = lengths[i - 1]
                repeatCount = 3 + (try bits(2))
            case 17: repeatCount = 3 + (try bits(3))
            default: repeatCount = 11 + (try bits(7))
            }
            guard i + repeatCount <= lengths.count else {
                throw DeflateError("code length repeat runs past the end of the code lengths", byteOffset)
            }
            for _ in 0..<repeatCount {
                lengths[i] = repeatValue
                i += 1
            }
        }
        guard lengths[256] > 0 else { throw DeflateError("dynamic block has no end-of-block code", start) }
        return (
            try HuffmanTable(lengths: lengths[0..<literalCount], offset: start),
            try HuffmanTable(lengths: lengths[literalCount...], offset: start)
        )
    }

    private mutating func huffmanBlock(_ literals: HuffmanTable, _ distances: HuffmanTable, into output: inout [UInt8])
        throws(DeflateError)
    {
        while true {
            let sym = try symbol(literals)
            if sym < 256 {
                output.append(UInt8(sym))
                continue
            }
            if sym == 256 { return }
            let index = sym - 257
            guard index < 29 else { throw DeflateError("invalid length code \(sym)", byteOffset) }
            let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
            let distanceCode = try symbol(distances)
            guard distanceCode < 30 else { throw DeflateError("invalid distance code \(distanceCode)", byteOffset) }
            let distance = Self.distanceBase[distanceCode] + (try bits(Self.distanceExtra[distanceCode]))
            guard distance <= output.count else {
                throw DeflateError("back-reference distance \(distance) reaches before the start of the data", byteOffset)
            }
            // Byte by byte: the copy may overlap what it writes (distance < length repeats a pattern), and
            // appending a slice of `output` to itself would copy the whole buffer.
            let from = output.count - distance
            for k in 0..<length { output.append(output[from + k]) }
        }
    }
}

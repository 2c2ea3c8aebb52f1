import Dispatch
import Foundation
import NeuroFailCore
import Synchronization

/// A lean reader for the benchmark's input file: plain numbers separated by commas and newlines, parsed by Clinger's
/// exact fast path when a number has few digits and by `strtod` otherwise (both correctly rounded, like
/// `Double(String)`), so it reads the same doubles as `InputBatch.loadCSV` at a fraction of the cost
/// (`NeuroFailBench check` verifies it). The file is cut at line ends into one piece per core and
/// the pieces are parsed in parallel, then joined in order. No headers or comments: the file is the one `write` made.
enum FastCSV {
    struct Piece: Sendable {
        var values: [Double] = []
        var rows = 0
        var error: String?
    }

    static func load(path: String, dimension: Int) throws -> InputBatch {
        guard var bytes = FileManager.default.contents(atPath: path) else {
            throw InputError.unreadable(file: path, reason: "cannot read")
        }
        bytes.append(0x0A)
        let pieces = bytes.withUnsafeBytes { raw -> [Piece] in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let count = raw.count
            let parts = ProcessInfo.processInfo.activeProcessorCount
            // Cut points just after a newline, so every piece holds whole lines.
            var cuts = [0]
            for p in 1..<parts {
                var i = max(cuts.last!, count * p / parts)
                while i < count && base[i] != 0x0A { i += 1 }
                cuts.append(min(count, i + 1))
            }
            cuts.append(count)
            let bounds = cuts
            let results = Mutex([Piece](repeating: Piece(), count: parts))
            let address = UInt(bitPattern: base)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let piece = parse(
                    UnsafePointer(bitPattern: address)! + bounds[p], count: bounds[p + 1] - bounds[p], dimension: dimension)
                results.withLock { $0[p] = piece }
            }
            return results.withLock { $0 }
        }
        var values = [Double]()
        values.reserveCapacity(pieces.reduce(0) { $0 + $1.values.count })
        var rows = 0
        for piece in pieces {
            if let error = piece.error {
                throw InputError.malformed(file: path, location: "after row \(rows)", reason: error)
            }
            values.append(contentsOf: piece.values)
            rows += piece.rows
        }
        return InputBatch(count: rows, dimension: dimension, values: values)
    }

    /// Powers of ten that are exact doubles.
    static let exactPowers: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { x, _ in x * 10 } }

    /// Clinger's fast path: a plain decimal `[-]digits[.digits]` (no exponent) with at most 15 significant digits
    /// and at most 22 decimals is w / 10^d with w < 2⁵³ and 10^d exact, so one IEEE division is the correctly rounded
    /// value, the same double strtod returns. Anything else returns nil (the caller uses strtod).
    @inline(__always)
    static func shortDecimal(_ p: UnsafePointer<UInt8>, limit: Int) -> (Double, Int)? {
        var i = 0
        let negative = p[0] == 0x2D
        if negative { i = 1 }
        var w: UInt64 = 0
        var significant = 0, decimals = 0, digits = 0
        var seenPoint = false
        while i < limit {
            let c = p[i]
            if c >= 0x30 && c <= 0x39 {
                if w > 0 || c != 0x30 { significant += 1 }
                if significant > 15 { return nil }
                w = w * 10 + UInt64(c - 0x30)
                digits += 1
                if seenPoint { decimals += 1 }
            } else if c == 0x2E && !seenPoint {
                seenPoint = true
            } else if c == 0x2C || c == 0x0A || c == 0x0D {
                break
            } else {
                return nil  // an exponent, a sign elsewhere, anything unusual: strtod
            }
            i += 1
        }
        guard digits > 0, decimals <= 22 else { return nil }
        let x = Double(w) / exactPowers[decimals]
        return (negative ? -x : x, i)
    }

    /// Parses whole lines in `count` bytes (the last one a newline). Unsafe pointers: a hot loop over 15 MB.
    static func parse(_ start: UnsafePointer<UInt8>, count: Int, dimension: Int) -> Piece {
        var piece = Piece()
        piece.values.reserveCapacity(count / 8)
        var i = 0, column = 0
        while i < count {
            let c = start[i]
            if c == 0x0A {
                if column > 0 {
                    guard column == dimension else {
                        piece.error = "\(column) numbers on a line, expected \(dimension)"
                        return piece
                    }
                    piece.rows += 1
                    column = 0
                }
                i += 1
            } else if c == 0x2C || c == 0x0D || c == 0x20 {
                i += 1
            } else {
                if let (value, length) = shortDecimal(start + i, limit: count - i) {
                    piece.values.append(value)
                    column += 1
                    i += length
                    continue
                }
                // strtod stops at the comma or newline after the number, so it never reads past this piece
                // (which ends with a newline).
                var end: UnsafeMutablePointer<CChar>? = nil
                let token = UnsafeMutableRawPointer(mutating: start + i).assumingMemoryBound(to: CChar.self)
                let value = strtod(token, &end)
                guard let end, end != token else {
                    piece.error = "not a number"
                    return piece
                }
                i += end - token
                piece.values.append(value)
                column += 1
            }
        }
        return piece
    }
}

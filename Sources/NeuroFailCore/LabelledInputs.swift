/// A workload with the class of each input: the inputs, and one label in 0..<classes per input.
///
/// Labels let the monitor measure the chip's task (accuracy, and its drop as the chip degrades), not only how far
/// its scores move. Invariant: `labels.count == inputs.count`, every label in `0..<classes`.
public struct LabelledInputs: Sendable, Hashable {
    /// The inputs.
    public let inputs: InputBatch
    /// The class of each input.
    public let labels: [Int]
    /// The number of classes (the chip's outputs).
    public let classes: Int

    public init(inputs: InputBatch, labels: [Int], classes: Int) {
        precondition(labels.count == inputs.count && labels.allSatisfy { (0..<classes).contains($0) })
        self.inputs = inputs
        self.labels = labels
        self.classes = classes
    }

    /// Where the label sits in each CSV row.
    public enum LabelColumn: Sendable, Hashable {
        case first
        case last
    }

    /// Reads a CSV file of inputs whose rows carry a label before (`first`) or after (`last`) the `dimension`
    /// numbers of the input, for a classifier with `classes` outputs.
    ///
    /// - Throws: ``InputError`` for a malformed file (``InputBatch/loadCSV(path:dimension:)``), for a chip without a
    ///   classifier readout (fewer than 2 outputs), and for a label that is not an integer in 0...classes−1, naming
    ///   the data row and the column: `x.csv: row 5, column 197: label 10 is not a class of the chip (0...9)`.
    public static func loadCSV(path: String, dimension: Int, labelColumn: LabelColumn, classes: Int) throws(InputError)
        -> LabelledInputs
    {
        guard classes >= 2 else {
            throw .invalidField(
                file: path, field: "labels",
                reason: "the chip has \(classes) output, not a classifier readout (labels need at least 2 outputs, one per class)")
        }
        let all = try InputBatch.loadCSV(path: path, dimension: dimension + 1)
        let width = dimension + 1
        let labelIndex = labelColumn == .first ? 0 : dimension
        var values = [Double]()
        values.reserveCapacity(all.count * dimension)
        var labels = [Int]()
        labels.reserveCapacity(all.count)
        for i in 0..<all.count {
            let row = all.values[(i * width)..<((i + 1) * width)]
            let label = row[row.startIndex + labelIndex]
            guard label == label.rounded(), label >= 0, label < Double(classes) else {
                throw .invalidField(
                    file: path, field: "row \(i + 1), column \(labelIndex + 1)",
                    reason: "label \(JSONValue.format(label)) is not a class of the chip (an integer 0...\(classes - 1))")
            }
            labels.append(Int(label))
            if labelColumn == .first { values += row.dropFirst() } else { values += row.dropLast() }
        }
        return LabelledInputs(
            inputs: InputBatch(count: all.count, dimension: dimension, values: values), labels: labels, classes: classes)
    }
}

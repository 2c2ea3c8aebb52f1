/// A box of inputs, one interval per input feature: [lower_j, upper_j] for j = 0..<d.
///
/// A chip declares a uniform box (``InputDomain``, the paper's [0, 1]^d); real inputs often live in a smaller
/// envelope (the per-feature minimum and maximum of a data set). Every certified bound and every worst-input search
/// holds over the box it is given, so a narrower, honest box gives a tighter guarantee.
///
/// Invariant: `lower.count == upper.count ≥ 1`, every end finite, `lower[j] ≤ upper[j]`.
public struct InputBox: Sendable, Hashable {
    /// Lower ends, one per feature, in input units.
    public let lower: [Double]
    /// Upper ends, one per feature, in input units.
    public let upper: [Double]
    /// Where the box comes from, for reports: e.g. `chip domain [0, 1]^196` or `envelope of data/x.csv`.
    public var source: String

    /// A box from its ends. Precondition: the invariant holds (decoders check user data first).
    public init(lower: [Double], upper: [Double], source: String) {
        precondition(!lower.isEmpty && lower.count == upper.count, "input box shape mismatch")
        precondition(zip(lower, upper).allSatisfy { $0.isFinite && $1.isFinite && $0 <= $1 }, "input box ends")
        self.lower = lower
        self.upper = upper
        self.source = source
    }

    /// The chip's declared domain, [a, b]^d.
    public init(_ domain: InputDomain, dimension: Int) {
        self.init(
            lower: Array(repeating: domain.lower, count: dimension),
            upper: Array(repeating: domain.upper, count: dimension),
            source: "chip domain [\(JSONValue.format(domain.lower)), \(JSONValue.format(domain.upper))]^\(dimension)")
    }

    /// The chip's declared input box.
    public init(chip: Chip) { self.init(chip.inputDomain, dimension: chip.inputCount) }

    /// d: the number of features.
    public var dimension: Int { lower.count }

    /// Whether every feature of `x` lies in its interval.
    public func contains<C: Collection>(_ x: C) -> Bool where C.Element == Double {
        guard x.count == dimension else { return false }
        for (j, v) in x.enumerated() where !(v >= lower[j] && v <= upper[j]) { return false }
        return true
    }

    /// Whether this box lies inside `other` (every interval inside the other's).
    public func isInside(_ other: InputBox) -> Bool {
        dimension == other.dimension
            && (0..<dimension).allSatisfy { lower[$0] >= other.lower[$0] && upper[$0] <= other.upper[$0] }
    }

    /// The per-feature minimum and maximum of a batch: the smallest box holding every input of it.
    /// Precondition: `batch.count ≥ 1`.
    public static func envelope(of batch: InputBatch, source: String) -> InputBox {
        precondition(batch.count >= 1, "the envelope of no inputs")
        let d = batch.dimension
        var lower = Array(batch.values[0..<d]), upper = lower
        for i in 1..<batch.count {
            for j in 0..<d {
                let v = batch.values[i * d + j]
                if v < lower[j] { lower[j] = v }
                if v > upper[j] { upper[j] = v }
            }
        }
        return InputBox(lower: lower, upper: upper, source: source)
    }

    /// The largest |x_j| over the box, per feature.
    public var magnitudes: [Double] { zip(lower, upper).map { max(abs($0), abs($1)) } }
}

/// A running Float64 sum with Neumaier's compensation: the error stays about one rounding of the total, however many
/// terms are added, instead of growing with their number.
///
/// Mergeable: two partial sums combine with ``merged(with:)`` (the result depends on the order of merging only in the
/// last bits; NeuroFail always merges in a fixed order, so the bytes are reproducible).
public struct CompensatedSum: Sendable, Hashable {
    /// The naive running sum.
    public private(set) var sum: Double = 0
    /// The accumulated rounding errors of ``sum``, to be added back.
    public private(set) var compensation: Double = 0

    /// Zero.
    public init() {}

    /// A partial sum restored from its two parts (as saved in a part file or checkpoint).
    public init(sum: Double, compensation: Double) {
        self.sum = sum
        self.compensation = compensation
    }

    /// Adds one term.
    @inline(__always)
    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The compensated total.
    public var value: Double { sum + compensation }

    /// The sum of both parts' terms.
    public func merged(with other: CompensatedSum) -> CompensatedSum {
        var result = self
        result.add(other.sum)
        result.compensation += other.compensation
        return result
    }
}

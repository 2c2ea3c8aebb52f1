/// A batch of chip inputs: `count` rows of `dimension` numbers, row-major and contiguous.
///
/// Invariant: `values.count == count * dimension`, every value finite.
public struct InputBatch: Sendable, Hashable {
    /// The number of inputs (rows).
    public let count: Int
    /// d: the numbers per input.
    public let dimension: Int
    /// Row-major values: input i is `values[i * dimension ..< (i + 1) * dimension]`.
    public let values: [Double]

    public init(count: Int, dimension: Int, values: [Double]) {
        precondition(values.count == count * dimension, "input batch shape mismatch")
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// Input `i` as an array.
    public func row(_ i: Int) -> ArraySlice<Double> { values[(i * dimension)..<((i + 1) * dimension)] }

    /// `count` inputs drawn uniformly from the box `domain^dimension` with a seeded generator: a Monte Carlo sample
    /// of the paper's L¹ average over the input space.
    public static func uniform(count: Int, dimension: Int, domain: InputDomain, seed: UInt64) -> InputBatch {
        var rng = Xoshiro256(seed: seed)
        let width = domain.upper - domain.lower
        let values = (0..<(count * dimension)).map { _ in domain.lower + width * rng.nextUnit() }
        return InputBatch(count: count, dimension: dimension, values: values)
    }

    /// A regular grid with `pointsPerAxis` points on each axis of the box (the paper's 101⁴ grid is
    /// `grid(pointsPerAxis: 101, dimension: 4, …)`); rows in lexicographic order, last axis fastest.
    public static func grid(pointsPerAxis: Int, dimension: Int, domain: InputDomain) -> InputBatch {
        precondition(pointsPerAxis >= 2)
        var total = 1
        for _ in 0..<dimension { total *= pointsPerAxis }
        var values = [Double]()
        values.reserveCapacity(total * dimension)
        let step = (domain.upper - domain.lower) / Double(pointsPerAxis - 1)
        for n in 0..<total {
            var digits = [Int](repeating: 0, count: dimension)
            var rest = n
            for axis in stride(from: dimension - 1, through: 0, by: -1) {
                digits[axis] = rest % pointsPerAxis
                rest /= pointsPerAxis
            }
            values.append(contentsOf: digits.map { domain.lower + Double($0) * step })
        }
        return InputBatch(count: total, dimension: dimension, values: values)
    }
}

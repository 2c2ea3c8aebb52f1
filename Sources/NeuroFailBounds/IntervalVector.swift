/// One interval per neuron (or per input feature): `lower[i] ≤ v_i ≤ upper[i]` for the quantity it bounds, over
/// every input of a box. Plain arrays, so the analyses can run over them at memory speed.
struct IntervalVector: Sendable, Hashable {
    var lower: [Double]
    var upper: [Double]

    init(lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count)
        self.lower = lower
        self.upper = upper
    }

    /// `count` copies of [lo, hi].
    init(repeating lo: Double, _ hi: Double, count: Int) {
        lower = Array(repeating: lo, count: count)
        upper = Array(repeating: hi, count: count)
    }

    /// Exactly zero everywhere.
    static func zeros(_ count: Int) -> IntervalVector { IntervalVector(repeating: 0, 0, count: count) }

    var count: Int { lower.count }

    /// max(|lower_i|, |upper_i|): a bound on |v_i|.
    func magnitude(_ i: Int) -> Double { max(abs(lower[i]), abs(upper[i])) }

    /// Every magnitude.
    var magnitudes: [Double] { (0..<count).map(magnitude) }

    /// The largest magnitude over all entries (0 when empty).
    var maxMagnitude: Double { (0..<count).reduce(0) { max($0, magnitude($1)) } }

    /// Narrows entry `i` to its intersection with [lo, hi]. Both must be rigorous bounds of the same quantity, so
    /// the intersection is one too.
    mutating func narrow(_ i: Int, lower lo: Double, upper hi: Double) {
        if lo > lower[i] { lower[i] = lo }
        if hi < upper[i] { upper[i] = hi }
    }
}

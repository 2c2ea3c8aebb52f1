/// The box [lower, upper]^d the chip's inputs are drawn from. The paper uses [0, 1]^d.
///
/// It matters for ReLU chips: C_l, the bound on a layer's outputs in Eq. 4, is computed over this box.
/// Invariant: `lower < upper`, both finite.
public struct InputDomain: Sendable, Hashable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// [0, 1], the paper's domain and the default.
    public static let unit = InputDomain(lower: 0, upper: 1)

    /// Whether x lies in the box.
    public func contains(_ x: Double) -> Bool { x >= lower && x <= upper }
}

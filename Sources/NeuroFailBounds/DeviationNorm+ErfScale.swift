import NeuroFailCore

extension DeviationNorm {
    /// The factor that turns Erf, a bound on every output component's deviation, into a bound in this norm over
    /// M outputs: 1 for L∞, M for L¹, √M for L² (Docs/theory.md, "Other output norms").
    public func erfScale(outputs m: Int) -> Double {
        switch self {
        case .linf: return 1
        case .l1: return Double(m)
        case .l2: return Double(m).squareRoot()
        }
    }
}

/// How the M output components of one input's deviation F_neu(x) − F_fail(x) are reduced to one number.
///
/// The paper measures ‖F_neu − F_fail‖ with the sup norm; that is the default everywhere.
public enum DeviationNorm: String, CaseIterable, Sendable {
    /// max_k |F_neu,k − F_fail,k| (the paper's norm; the default).
    case linf
    /// Σ_k |F_neu,k − F_fail,k|.
    case l1
    /// (Σ_k (F_neu,k − F_fail,k)²)^½.
    case l2

    /// The norm of a vector of component deviations (any sign).
    public func callAsFunction(_ components: [Double]) -> Double {
        switch self {
        case .linf: return components.reduce(0) { max($0, abs($1)) }
        case .l1: return components.reduce(0) { $0 + abs($1) }
        case .l2: return components.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
    }
}

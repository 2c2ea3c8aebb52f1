/// Which summary of a weight matrix stands for "the weight" of its synapses in Eq. 4.
///
/// - ``max``: w_m^(l) = max |w_ij^(l)|. Gives Erf, the worst-case bound: Ω_max ≤ Erf is a theorem
///   (Docs/theory.md, Theorem A).
/// - ``mean``: w_av^(l) = mean |w_ij^(l)|. Gives Erf_av, the paper's estimator of the average error Ω_av
///   (Theorem 2). It is an estimate, not a proven bound: Ω_av can exceed it.
///
/// Both are non-negative and in the chip's weight units.
public enum WeightStatistic: String, Sendable, Hashable, CaseIterable {
    /// max |w| per incoming matrix: Erf.
    case max
    /// mean |w| per incoming matrix: Erf_av.
    case mean
}

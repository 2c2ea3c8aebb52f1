import Foundation

/// What a chip's framework applied to the readout's scores to get its outputs, kept so that `predict` can show the
/// same numbers as the framework: a final softmax or log-softmax (as scikit-learn classifiers and most exported
/// classifiers end).
///
/// It is not part of the chip's function for the bounds: Ω and Erf are about the readout's linear scores (the
/// logits), as in the paper's Eq. 1; a crash moves the scores, and the transform only re-expresses them.
public enum OutputTransform: String, Sendable, Hashable, CaseIterable {
    /// p_k = e^(z_k) / Σ_j e^(z_j): probabilities.
    case softmax
    /// log p_k = z_k − log Σ_j e^(z_j): log-probabilities.
    case logSoftmax = "log-softmax"

    /// The transform of one input's scores, computed stably (the largest score is subtracted first).
    public func callAsFunction(_ scores: [Double]) -> [Double] {
        guard let top = scores.max() else { return [] }
        let shifted = scores.map { $0 - top }
        let total = shifted.reduce(0) { $0 + exp($1) }
        switch self {
        case .softmax: return shifted.map { exp($0) / total }
        case .logSoftmax:
            let logTotal = log(total)
            return shifted.map { $0 - logTotal }
        }
    }

    /// What the transformed outputs are, for messages: `probabilities` or `log-probabilities`.
    public var outputKind: String {
        switch self {
        case .softmax: return "probabilities"
        case .logSoftmax: return "log-probabilities"
        }
    }
}

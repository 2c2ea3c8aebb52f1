import NeuroFailCore

/// What the chip must keep doing: a limit on one measure of its degradation, the quantity a mission's verdict is
/// about (Docs/scenarios.md, "Budgets").
///
/// The measured side of every kind is computed on the workload at every row; the guaranteed side comes from a bound
/// that holds for every input of the box, so a guarantee that meets the limit covers any workload drawn from it.
public struct Budget: Sendable, Hashable {
    /// The measure limited.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The mean over the workload of the output-score deviation ‖F(x) − F̂(x)‖ in the scenario's norm (Ω_av), in
        /// output units: the paper's ε − ε′.
        case scoreDeviation
        /// The mean over the workload of max_k |p_k(x) − p̂_k(x)|, p = softmax of the scores: how far the chip's
        /// class probabilities move, in probability units.
        case probabilityDeviation
        /// The fraction of workload inputs whose decision (argmax) differs from the pristine chip's.
        case decisionFlips
        /// The pristine chip's accuracy on the labelled workload minus the current one, as a fraction.
        case accuracyDrop
    }

    /// The measure.
    public var kind: Kind
    /// The largest acceptable value (> 0; a fraction ≤ 1 for flips, probabilities and accuracy).
    public var limit: Double

    public init(_ kind: Kind, limit: Double) {
        self.kind = kind
        self.limit = limit
    }

    /// Whether the kind is a fraction (so the limit must be ≤ 1).
    public var isFraction: Bool { kind != .scoreDeviation }

    /// Whether the kind needs labels on the workload.
    public var needsLabels: Bool { kind == .accuracyDrop }

    /// Whether the kind needs a classifier readout (2 or more outputs).
    public var needsClasses: Bool { kind != .scoreDeviation }

    /// A short description for reports, e.g. `decision flips <= 1%` or `score deviation (linf) <= 1`.
    public func description(norm: DeviationNorm) -> String {
        switch kind {
        case .scoreDeviation: return "mean score deviation (\(norm.rawValue)) <= \(JSONValue.format(limit))"
        case .probabilityDeviation: return "mean probability deviation <= \(JSONValue.format(limit))"
        case .decisionFlips: return "decision flips <= \(Self.percent(limit))"
        case .accuracyDrop: return "accuracy drop <= \(Self.percent(limit))"
        }
    }

    /// `0.01` → `1%`, `0.005` → `0.5%`.
    public static func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        return (p == p.rounded() && abs(p) < 1e15 ? String(Int(p)) : JSONValue.format((p * 1000).rounded() / 1000)) + "%"
    }
}

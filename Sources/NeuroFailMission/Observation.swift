import Foundation
import NeuroFailCore

/// What the monitor saw at one moment of a mission: the measured degradation of the current chip on the workload
/// against the pristine chip — in output scores, in probabilities, in decisions and, with labels, in accuracy — and
/// beside it the bounds that hold for every input of the box: the paper's Erf, the fault-set bound for the failures
/// that happened, and the decision-flip bounds they imply (Docs/outputs.md lists every field).
public struct Observation: Sendable, Hashable {
    /// Ω_av: the mean over the workload of the output-score deviation (scenario norm, output units).
    public var omegaAverage: Double
    /// Ω_max: the largest output-score deviation over the workload.
    public var omegaMax: Double
    /// Erf (Eq. 4 with max |w|, extended to synapses) for the current failures, scenario norm: a theorem.
    public var erf: Double
    /// Erf_av (mean |w|): the paper's estimator of Ω_av, not a bound.
    public var erfAverage: Double
    /// The certified bound on the score deviation for the failures that happened, over every input of the box
    /// (``NeuroFailBounds/FaultSetBound``), scenario norm: a theorem, usually far below Erf.
    public var certifiedBound: Double
    /// The largest score deviation a search over the box found for these failures (a lower bound on the true worst
    /// case), when the monitor searched at this row; nil otherwise.
    public var foundDeviation: Double?
    /// The fraction of workload inputs whose decision (argmax of the scores) differs from the pristine chip's.
    public var decisionFlips: Double
    /// The mean over the workload of max_k |p_k − p̂_k| for the softmax of the scores.
    public var probabilityDeviation: Double
    /// The accuracy on the labelled workload (nil without labels).
    public var accuracy: Double?
    /// The pristine chip's accuracy on the same workload (nil without labels).
    public var pristineAccuracy: Double?
    /// A guaranteed upper bound on `decisionFlips` from the fault-set bound: the fraction of workload inputs whose
    /// pristine winner's lead over some rival is within what the failures can take away.
    public var certifiedFlipBound: Double
    /// The same from Erf: the fraction of inputs whose top-two margin is at most twice Erf (L∞).
    public var erfFlipBound: Double
    /// The budget the verdicts refer to.
    public var budget: Budget
    /// Ω_max may not exceed these (the bounds raised by every rounding: certified Erf plus the rounding allowance of
    /// any faulty chip, and the fault-set bound plus its allowance). Not written to reports.
    public var erfCeiling: Double
    public var certifiedCeiling: Double
    /// The fault-set bound in L∞ (for the probability guarantee). Not written to reports.
    public var certifiedLinf: Double
    /// Erf in L∞ (for the probability guarantee). Not written to reports.
    public var erfLinf: Double

    public init(
        omegaAverage: Double, omegaMax: Double, erf: Double, erfAverage: Double, certifiedBound: Double,
        foundDeviation: Double? = nil, decisionFlips: Double = 0, probabilityDeviation: Double = 0,
        accuracy: Double? = nil, pristineAccuracy: Double? = nil, certifiedFlipBound: Double = 0,
        erfFlipBound: Double = 0, budget: Budget, erfCeiling: Double? = nil, certifiedCeiling: Double? = nil,
        certifiedLinf: Double? = nil, erfLinf: Double? = nil
    ) {
        self.omegaAverage = omegaAverage
        self.omegaMax = omegaMax
        self.erf = erf
        self.erfAverage = erfAverage
        self.certifiedBound = certifiedBound
        self.foundDeviation = foundDeviation
        self.decisionFlips = decisionFlips
        self.probabilityDeviation = probabilityDeviation
        self.accuracy = accuracy
        self.pristineAccuracy = pristineAccuracy
        self.certifiedFlipBound = certifiedFlipBound
        self.erfFlipBound = erfFlipBound
        self.budget = budget
        self.erfCeiling = erfCeiling ?? erf
        self.certifiedCeiling = certifiedCeiling ?? certifiedBound
        self.certifiedLinf = certifiedLinf ?? certifiedBound
        self.erfLinf = erfLinf ?? erf
    }

    /// Ω_max > Erf beyond rounding: must never happen (Erf is a theorem); a bug in NeuroFail if it does.
    public var boundViolated: Bool { omegaMax > erfCeiling }
    /// Ω_max or the found deviation > the fault-set bound beyond rounding: a bug too.
    public var certifiedViolated: Bool { max(omegaMax, foundDeviation ?? 0) > certifiedCeiling }
    /// Ω_av > Erf_av: the paper's estimator falls below the measured average. Reported, never hidden.
    public var estimatorMissed: Bool { omegaAverage > erfAverage }

    /// The accuracy drop since launch (nil without labels).
    public var accuracyDrop: Double? {
        guard let accuracy, let pristineAccuracy else { return nil }
        return pristineAccuracy - accuracy
    }

    /// The budget's measure as observed on the workload.
    public var observed: Double {
        switch budget.kind {
        case .scoreDeviation: return omegaAverage
        case .probabilityDeviation: return probabilityDeviation
        case .decisionFlips: return decisionFlips
        case .accuracyDrop: return accuracyDrop ?? 0
        }
    }

    /// The budget's measure as guaranteed by the fault-set bound (an upper bound on ``observed``).
    public var certified: Double { guaranteed(scores: certifiedBound, linf: certifiedLinf, flips: certifiedFlipBound) }

    /// The budget's measure as guaranteed by Erf.
    public var erfGuarantee: Double { guaranteed(scores: erf, linf: erfLinf, flips: erfFlipBound) }

    private func guaranteed(scores: Double, linf: Double, flips: Double) -> Double {
        switch budget.kind {
        case .scoreDeviation: return scores
        // Every score moves by at most B, so each softmax probability changes by a factor within e^(±2B):
        // |p_k − p̂_k| ≤ 1 − e^(−2B) (Docs/theory.md, section 15).
        case .probabilityDeviation: return linf.isFinite ? -expm1(-2 * linf) : 1
        // Each flipped decision costs at most one correct answer.
        case .decisionFlips, .accuracyDrop: return flips
        }
    }

    /// The observed measure is beyond the budget.
    public var overBudget: Bool { observed > budget.limit }
    /// The fault-set bound no longer guarantees the budget.
    public var certifiedOverBudget: Bool { !(certified <= budget.limit) }
    /// Erf no longer guarantees the budget.
    public var erfOverBudget: Bool { !(erfGuarantee <= budget.limit) }

    /// The verdicts as `;`-separated words for CSV (`bound-violation`, `certified-violation`, `estimator-miss`,
    /// `erf-over-budget`, `certified-over-budget`, `over-budget`), empty when none applies.
    public var flags: String {
        var out = [String]()
        if boundViolated { out.append("bound-violation") }
        if certifiedViolated { out.append("certified-violation") }
        if estimatorMissed { out.append("estimator-miss") }
        if erfOverBudget { out.append("erf-over-budget") }
        if certifiedOverBudget { out.append("certified-over-budget") }
        if overBudget { out.append("over-budget") }
        return out.joined(separator: ";")
    }
}

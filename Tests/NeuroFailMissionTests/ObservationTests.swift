import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// Which measure each budget kind reads on the observed, certified and Erf sides, and the flags.
struct ObservationTests {
    /// One observation, every measure different so a wrong pick shows: Ω_av 0.2 (Ω_max 0.45), probabilities 0.03, flips 0.04,
    /// accuracy 0.9 of a pristine 0.95 (drop 0.05); certified bound 0.5 (L∞ 0.25), flip bound 0.06; Erf 4 (L∞ 2),
    /// flip bound 0.3.
    private func observation(_ kind: Budget.Kind, limit: Double) -> Observation {
        Observation(
            omegaAverage: 0.2, omegaMax: 0.45, erf: 4, erfAverage: 1, certifiedBound: 0.5, foundDeviation: 0.48,
            decisionFlips: 0.04, probabilityDeviation: 0.03, accuracy: 0.9, pristineAccuracy: 0.95,
            certifiedFlipBound: 0.06, erfFlipBound: 0.3, budget: Budget(kind, limit: limit), certifiedLinf: 0.25, erfLinf: 2)
    }

    @Test func scoreBudgetsReadTheMeanScoreDeviationAndTheScoreBounds() {
        let o = observation(.scoreDeviation, limit: 1)
        #expect(o.observed == 0.2 && o.certified == 0.5 && o.erfGuarantee == 4)
        #expect(!o.overBudget && !o.certifiedOverBudget && o.erfOverBudget)
    }

    /// Every score moves by at most B (L∞), so each softmax probability moves by at most 1 − e^(−2B): 1 − e^(−0.5)
    /// for the certified B = 0.25 and 1 − e^(−4) for Erf's 2.
    @Test func probabilityBudgetsReadTheProbabilityBoundOfTheLInfinityScoreBounds() {
        let o = observation(.probabilityDeviation, limit: 0.5)
        #expect(o.observed == 0.03)
        #expect(abs(o.certified - (1 - exp(-0.5))) < 1e-15)
        #expect(abs(o.erfGuarantee - (1 - exp(-4))) < 1e-15)
        #expect(!o.overBudget && !o.certifiedOverBudget && o.erfOverBudget, "0.39 <= 0.5 < 0.98")
        var overflowed = o
        overflowed.erfLinf = .infinity
        #expect(overflowed.erfGuarantee == 1, "an overflowed Erf guarantees nothing: probabilities may move by 1")
    }

    @Test func flipAndAccuracyBudgetsReadTheFlipBounds() {
        let flips = observation(.decisionFlips, limit: 0.05)
        #expect(flips.observed == 0.04 && flips.certified == 0.06 && flips.erfGuarantee == 0.3)
        #expect(!flips.overBudget && flips.certifiedOverBudget && flips.erfOverBudget)
        let accuracy = observation(.accuracyDrop, limit: 0.1)
        #expect(abs(accuracy.observed - 0.05) < 1e-15 && accuracy.certified == 0.06 && accuracy.erfGuarantee == 0.3)
        #expect(abs((accuracy.accuracyDrop ?? 0) - 0.05) < 1e-15)
        var unlabelled = accuracy
        unlabelled.accuracy = nil
        #expect(unlabelled.accuracyDrop == nil && unlabelled.observed == 0)
    }

    /// Flags in their fixed order; the violation flags compare Ω_max (and the found deviation) with the ceilings,
    /// which are the bounds themselves unless given.
    @Test func flagsSayWhatHappenedInAFixedOrder() {
        let o = observation(.decisionFlips, limit: 0.05)
        #expect(!o.estimatorMissed, "Ω_av 0.2 <= Erf_av 1")
        #expect(o.flags == "erf-over-budget;certified-over-budget")
        var broken = o
        broken.omegaMax = 5
        broken.omegaAverage = 2
        broken.decisionFlips = 0.5
        #expect(broken.boundViolated && broken.certifiedViolated && broken.estimatorMissed && broken.overBudget)
        #expect(broken.flags == "bound-violation;certified-violation;estimator-miss;erf-over-budget;certified-over-budget;over-budget")
        var found = o
        found.foundDeviation = 0.6
        found.certifiedCeiling = 0.55
        #expect(found.certifiedViolated, "the found deviation 0.6 above the certified ceiling 0.55")
        found.certifiedCeiling = 0.6
        #expect(!found.certifiedViolated)
        let quiet = Observation(omegaAverage: 0, omegaMax: 0, erf: 0, erfAverage: 0, certifiedBound: 0, budget: Budget(.scoreDeviation, limit: 1))
        #expect(quiet.flags.isEmpty)
    }

    /// A guarantee that is NaN (it cannot happen, but must not read as within budget) counts as over budget.
    @Test func aNaNGuaranteeIsOverBudget() {
        var o = observation(.scoreDeviation, limit: 1)
        o.certifiedBound = .nan
        o.erf = .nan
        #expect(o.certifiedOverBudget && o.erfOverBudget)
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct BudgetTests {
    @Test func descriptionsNameTheMeasureAndTheLimit() {
        #expect(Budget(.scoreDeviation, limit: 1.5).description(norm: .l2) == "mean score deviation (l2) <= 1.5")
        #expect(Budget(.probabilityDeviation, limit: 0.05).description(norm: .linf) == "mean probability deviation <= 0.05")
        #expect(Budget(.decisionFlips, limit: 0.01).description(norm: .linf) == "decision flips <= 1%")
        #expect(Budget(.accuracyDrop, limit: 0.005).description(norm: .linf) == "accuracy drop <= 0.5%")
    }

    @Test func percentsDropTrailingZerosAndKeepThreeDecimals() {
        #expect(Budget.percent(0.01) == "1%")
        #expect(Budget.percent(1) == "100%")
        #expect(Budget.percent(0.005) == "0.5%")
        #expect(Budget.percent(0.123456) == "12.346%")
    }

    @Test func onlyTheScoreBudgetIsNotAFractionAndOnlyAccuracyNeedsLabels() {
        for kind in Budget.Kind.allCases {
            let budget = Budget(kind, limit: 0.1)
            #expect(budget.isFraction == (kind != .scoreDeviation))
            #expect(budget.needsClasses == (kind != .scoreDeviation))
            #expect(budget.needsLabels == (kind == .accuracyDrop))
        }
        #expect(Budget.Kind.allCases.map(\.rawValue) == ["scoreDeviation", "probabilityDeviation", "decisionFlips", "accuracyDrop"])
    }
}

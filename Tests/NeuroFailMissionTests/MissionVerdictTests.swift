import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

/// The verdict a report opens with, from runs written by hand: B_p lives at confidence c for the observed measure,
/// the fault-set bound and Erf.
struct MissionVerdictTests {
    static let checkpoints = [0, 0.5, 1, 2, 3, 4, 5]

    /// A run whose observed measure leaves the budget (1) from `observed` on, the fault-set bound from `certified`
    /// and Erf from `erf` (nil: never), read at the checkpoints.
    static func run(_ index: Int, observed: Double?, certified: Double?, erf: Double?, budget: Budget) -> MissionRun {
        func over(_ t: Double, _ from: Double?) -> Bool { from.map { t >= $0 } ?? false }
        return MissionRun(
            run: index, failures: [],
            timeline: checkpoints.map { t in
                let o = Observation(
                    omegaAverage: over(t, observed) ? 2 : 0.1, omegaMax: over(t, observed) ? 2 : 0.1,
                    erf: over(t, erf) ? 8 : 0.5, erfAverage: 0.2, certifiedBound: over(t, certified) ? 4 : 0.3,
                    decisionFlips: over(t, observed) ? 0.5 : 0, certifiedFlipBound: over(t, certified) ? 0.6 : 0,
                    erfFlipBound: over(t, erf) ? 0.9 : 0, budget: budget)
                return TimelineRow(time: t, cause: .checkpoint, neuronsFailed: [0], synapsesFailed: [0, 0], observation: o)
            })
    }

    static func verdict(_ runs: [MissionRun], budget: Budget, reliability: Double, confidence: Double) -> MissionVerdict {
        let summary = MonteCarloSummary(
            runs: runs, checkpoints: checkpoints, widths: [1], durationYears: 5, reliability: reliability,
            confidence: confidence, criteria: BudgetCriterion.standard(for: budget))
        return MissionVerdict(summary: summary, budget: budget, norm: .linf, workload: "4 inputs by hand")
    }

    /// Four runs at p = c = ½ support rank 2 (P(Bin(4, ½) ≥ 2) = 11/16 ≥ ½ > P(≥ 3) = 5/16): each life is the second
    /// smallest exceedance time. Observed: 1 and 2 in two runs (never in the others) → 2; certified: 1 everywhere →
    /// 1; Erf: 0.5 everywhere → 0.5.
    @Test func lifeInYearsIsTheOrderStatisticOfEachReading() {
        let budget = Budget(.scoreDeviation, limit: 1)
        let runs = [
            Self.run(0, observed: 1, certified: 1, erf: 0.5, budget: budget),
            Self.run(1, observed: 2, certified: 1, erf: 0.5, budget: budget),
            Self.run(2, observed: nil, certified: 1, erf: 0.5, budget: budget),
            Self.run(3, observed: nil, certified: 1, erf: 0.5, budget: budget),
        ]
        let v = Self.verdict(runs, budget: budget, reliability: 0.5, confidence: 0.5)
        #expect(v.readings.map(\.name) == ["observed", "certified", "erf"])
        #expect(v.statement == "With 50% confidence, 50% of missions keep mean score deviation (linf) <= 1 until year 2.00 (observed); certified until year 1.00 by the fault-set bound; the paper's Erf certifies until year 0.50.")
        #expect(v.runs == 4 && v.durationYears == 5)
        // Within budget at the end: runs 2 and 3 observed (2 of 4), none certified or by Erf.
        #expect(v.readings.map { $0.withinBudgetAtEnd?.withinBudget } == [2, 0, 0])
    }

    @Test func noExceedanceGivesTheWholeMission() {
        let budget = Budget(.decisionFlips, limit: 0.01)
        let runs = (0..<4).map { Self.run($0, observed: nil, certified: nil, erf: nil, budget: budget) }
        let v = Self.verdict(runs, budget: budget, reliability: 0.5, confidence: 0.5)
        #expect(v.statement == "With 50% confidence, 50% of missions keep decision flips <= 1% for the whole 5-year mission (observed); certified for the whole 5-year mission by the fault-set bound; the paper's Erf certifies for the whole 5-year mission.")
    }

    /// Two runs support no B1 statement at 95 %: a zero-failure demonstration needs the smallest n with
    /// 1 − 0.99ⁿ ≥ 0.95, n ≥ ln 0.05 / ln 0.99 = 298.07…, so 299 runs.
    @Test func tooFewRunsSayTheVerdictCannotBeStatedAndHowManyRunsItNeeds() {
        let needed = Int((log(0.05) / log(0.99)).rounded(.up))
        #expect(needed == 299)
        let budget = Budget(.accuracyDrop, limit: 0.01)
        let runs = (0..<2).map { Self.run($0, observed: nil, certified: 1, erf: 0.5, budget: budget) }
        let v = Self.verdict(runs, budget: budget, reliability: 0.99, confidence: 0.95)
        #expect(v.statement == "No B1 verdict at 95% confidence: it cannot be stated from 2 runs (needs >= \(needed)). Fly more runs (--runs).")
        let one = Self.verdict([runs[0]], budget: budget, reliability: 0.99, confidence: 0.95)
        #expect(one.statement.contains("cannot be stated from 1 run (needs >= 299)"))
    }

    @Test func jsonHasTheStatementTheBudgetAndOneObjectPerReading() throws {
        let budget = Budget(.scoreDeviation, limit: 1)
        let runs = [
            Self.run(0, observed: 1, certified: 1, erf: 0.5, budget: budget),
            Self.run(1, observed: 2, certified: 1, erf: 0.5, budget: budget),
            Self.run(2, observed: nil, certified: 1, erf: 0.5, budget: budget),
            Self.run(3, observed: nil, certified: nil, erf: 0.5, budget: budget),
        ]
        let v = Self.verdict(runs, budget: budget, reliability: 0.5, confidence: 0.5)
        let object = try #require(JSONSerialization.jsonObject(with: Data(v.json.rendered().utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["statement", "budget", "workload", "runs", "observed", "certified", "erf"])
        #expect(object["statement"] as? String == v.statement)
        #expect(object["workload"] as? String == "4 inputs by hand" && object["runs"] as? Int == 4)
        let b = try #require(object["budget"] as? [String: Any])
        #expect(b["kind"] as? String == "scoreDeviation" && b["limit"] as? Double == 1)
        #expect(b["description"] as? String == "mean score deviation (linf) <= 1")
        let observed = try #require(object["observed"] as? [String: Any])
        #expect(Set(observed.keys) == ["basis", "text", "supported", "lifeYears", "wholeMission", "withinBudgetAtEnd"])
        #expect(observed["supported"] as? Bool == true && observed["lifeYears"] as? Double == 2)
        #expect(observed["wholeMission"] as? Bool == false && observed["text"] as? String == "until year 2.00")
        let end = try #require(observed["withinBudgetAtEnd"] as? [String: Any])
        #expect(end["runs"] as? Int == 2 && end["fraction"] as? Double == 0.5)
        let interval = try #require(end["interval"] as? [Double])
        #expect(interval.count == 2 && interval[0] < 0.5 && interval[1] > 0.5)
        // Certified: runs 0–2 leave at 1, run 3 never: T_(2) = 1.
        #expect((object["certified"] as? [String: Any])?["lifeYears"] as? Double == 1)
        let unsupported = Self.verdict(Array(runs.prefix(2)), budget: budget, reliability: 0.99, confidence: 0.95)
        let erf = try #require((JSONSerialization.jsonObject(with: Data(unsupported.json.rendered().utf8)) as? [String: Any])?["erf"] as? [String: Any])
        #expect(erf["supported"] as? Bool == false && erf["runsNeeded"] as? Int == 299 && erf["lifeYears"] is NSNull)
        let whole = Self.verdict((0..<4).map { Self.run($0, observed: nil, certified: nil, erf: nil, budget: budget) }, budget: budget, reliability: 0.5, confidence: 0.5)
        let w = try #require((JSONSerialization.jsonObject(with: Data(whole.json.rendered().utf8)) as? [String: Any])?["observed"] as? [String: Any])
        #expect(w["wholeMission"] as? Bool == true && w["lifeYears"] is NSNull && w["supported"] as? Bool == true)
    }
}

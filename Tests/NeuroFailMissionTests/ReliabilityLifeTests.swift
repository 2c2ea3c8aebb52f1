import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct ReliabilityLifeTests {
    /// n = 4, p = c = 1/2 gives r = 2 (OrderStatisticBoundTests): the life is the second smallest exceedance time;
    /// with a single run out of budget, fewer than r left it and the life is at least the mission.
    @Test func lifeIsTheRthSmallestExceedanceTime() {
        let life = ReliabilityLife(firstExceedances: [3, 1, nil, 2], reliability: 0.5, confidence: 0.5)
        #expect(life.bound.rank == 2)
        #expect(life.value == .years(2))
        #expect(life.runsExceeding == 3)
        let long = ReliabilityLife(firstExceedances: [nil, 5, nil, nil], reliability: 0.5, confidence: 0.5)
        #expect(long.value == .atLeastWholeMission)
        #expect(long.years == nil)
        // 299 runs at (0.99, 0.95): r = 1, the earliest exceedance.
        var times: [Double?] = Array(repeating: nil, count: 299)
        times[17] = 4.5
        times[200] = 2.25
        #expect(ReliabilityLife(firstExceedances: times, reliability: 0.99, confidence: 0.95).value == .years(2.25))
    }

    @Test func tooFewRunsAreNotSupportedAndSayHowManyAreNeeded() {
        let life = ReliabilityLife(firstExceedances: Array(repeating: nil, count: 100), reliability: 0.99, confidence: 0.95)
        #expect(life.value == .notSupported(runsNeeded: 299))
        #expect(life.statement(criterion: "Omega_av <= budget", durationYears: 10)
            == "B1 life at 95% confidence not supported by 100 runs (needs >= 299)")
        let whole = ReliabilityLife(firstExceedances: Array(repeating: nil, count: 299), reliability: 0.99, confidence: 0.95)
        #expect(whole.statement(criterion: "Erf <= budget", durationYears: 10)
            == "with 95% confidence, at least 99% of missions keep Erf <= budget for the whole 10-year mission (B1 life at least the mission)")
    }

    /// The statement holds with the stated confidence: with exponential lifetimes (rate 1/y), a fraction
    /// P(T ≥ T_(r)) = e^(−T_(r)) of missions stay within budget until the life; over 2,000 repetitions of 60 runs,
    /// that is ≥ p = 0.9 in a fraction of repetitions equal to the achieved confidence P(Bin(60, 0.1) ≥ r) (exact
    /// for a continuous distribution), within 4 standard errors.
    @Test func lifeCoversTheStatedFractionWithTheStatedConfidence() throws {
        let (n, p, c, repetitions) = (60, 0.9, 0.9, 2_000)
        var rng = Xoshiro256(seed: 2024)
        var covered = 0
        var bound: OrderStatisticBound?
        for _ in 0..<repetitions {
            let times: [Double?] = (0..<n).map { _ in
                let t = rng.nextExponential(rate: 1)
                return t <= 10 ? t : nil
            }
            let life = ReliabilityLife(firstExceedances: times, reliability: p, confidence: c)
            bound = life.bound
            if case let .years(t) = life.value, exp(-t) >= p { covered += 1 }
        }
        let achieved = try #require(bound?.achievedConfidence)
        #expect(achieved >= c)
        let fraction = Double(covered) / Double(repetitions)
        let se = (achieved * (1 - achieved) / Double(repetitions)).squareRoot()
        #expect(abs(fraction - achieved) < 4 * se, "covered \(fraction), expected \(achieved)")
    }

    /// The life is where the one-sided Clopper–Pearson lower bound on R(t) drops below p: just before T_(r), r − 1
    /// runs have failed and the bound is ≥ p; at T_(r), r have and it is < p (the same binomial argument).
    @Test func lifeIsWhereTheLowerConfidenceBoundOnReliabilityCrossesTheTarget() throws {
        let n = 1_000
        var rng = Xoshiro256(seed: 5)
        let times: [Double?] = (0..<n).map { _ in rng.nextExponential(rate: 0.01) }
        let life = ReliabilityLife(firstExceedances: times, reliability: 0.99, confidence: 0.95)
        let r = try #require(life.bound.rank)
        #expect(BinomialConfidence.clopperPearsonLower(successes: n - (r - 1), trials: n, confidence: 0.95) >= 0.99)
        #expect(BinomialConfidence.clopperPearsonLower(successes: n - r, trials: n, confidence: 0.95) < 0.99)
        #expect(life.years == times.compactMap { $0 }.sorted()[r - 1])
    }
}

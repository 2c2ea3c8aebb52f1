import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct StormProcessTests {
    @Test func stormCountsArePoissonWithTheGivenRate() {
        let process = StormProcess(ratePerYear: 2.8, durationYears: 2 / 365.25, multiplier: 10)
        var counts = [Double]()
        for seed in 0..<2000 {
            var rng = Xoshiro256(seed: UInt64(seed))
            counts.append(Double(process.sample(missionYears: 10, rng: &rng).count))
        }
        let (mean, variance) = TestSupport.meanAndVariance(counts)
        // Poisson(28): mean 28 (standard error 0.12), variance 28 (standard error ≈ 0.9).
        #expect(abs(mean - 28) < 0.6)
        #expect(abs(variance - 28) < 4)
    }

    @Test func stormsLieInTheMissionAndCarryTheirMultiplier() {
        let process = StormProcess(ratePerYear: 9, durationYears: 0.01, multiplier: 50)
        var rng = Xoshiro256(seed: 3)
        let storms = process.sample(missionYears: 5, rng: &rng)
        #expect(!storms.isEmpty)
        for s in storms {
            #expect(s.start >= 0 && s.start < 5 && abs(s.end - s.start - 0.01) < 1e-12 && s.multiplier == 50)
        }
        #expect(storms.map(\.start) == storms.map(\.start).sorted())
    }

    @Test func zeroRateGivesNoStorms() {
        var rng = Xoshiro256(seed: 1)
        #expect(StormProcess(ratePerYear: 0, durationYears: 1, multiplier: 2).sample(missionYears: 10, rng: &rng).isEmpty)
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct SolarParticleEventsTests {
    /// Onsets from 0 per year at minimum to 5.6 at maximum (mean 2.8), 2-day events, from the December 2019 minimum.
    let events = SolarParticleEvents(
        ratePerYearAtMinimum: 0, ratePerYearAtMaximum: 5.6, durationYears: 2 / 365.25, flux: 6.4e-4)
    let minimum = SolarCycle.cycle25Minimum

    @Test func theRateIsItsMinimumAtSolarMinimumAndItsMaximumHalfACycleLater() {
        #expect(events.ratePerYear(atYear: minimum) == 0)
        #expect(abs(events.ratePerYear(atYear: minimum + 5.5) - 5.6) < 1e-12)
        #expect(abs(events.ratePerYear(atYear: minimum + 11) - 0) < 1e-12)
        // A quarter of a cycle in, the cosine is at zero: the mean, 2.8.
        #expect(abs(events.ratePerYear(atYear: minimum + 2.75) - 2.8) < 1e-12)
    }

    /// By hand: ∫ over a whole cycle of 2.8 (1 − cos) = 2.8 × 11 = 30.8; over the half cycle centred on the maximum
    /// (minimum + 2.75 to minimum + 8.25), 2.8 × 5.5 + 2.8 × (11 / 2π) × 2 = 15.4 + 9.8028 = 25.2028.
    @Test func theExpectedCountIsTheIntegralOfTheRate() {
        #expect(abs(events.expectedCount(fromYear: minimum, toYear: minimum + 11) - 30.8) < 1e-12)
        let aroundMaximum = 15.4 + 2.8 * 11 / (2 * Double.pi) * 2
        #expect(abs(events.expectedCount(fromYear: minimum + 2.75, toYear: minimum + 8.25) - aroundMaximum) < 1e-12)
    }

    /// The mean of 4,000 seeded missions of one cycle against the expected counts above: the count is Poisson, so
    /// its mean over n missions has standard deviation √(Λ / n); 5 of them is the tolerance. Most events come in the
    /// half cycle around maximum (25.2 of 30.8), the clustering of Paassilta et al. 2017.
    @Test func sampledCountsFollowTheActivityWithinFiveStandardErrors() {
        var rng = Xoshiro256(seed: 13)
        let n = 4_000
        var total = 0, aroundMaximum = 0
        for _ in 0..<n {
            let drawn = events.sample(startYear: minimum, missionYears: 11, rng: &rng)
            total += drawn.count
            aroundMaximum += drawn.filter { $0.start >= 2.75 && $0.start < 8.25 }.count
            #expect(drawn.allSatisfy { abs($0.end - $0.start - 2 / 365.25) < 1e-15 && $0.multiplier == 1 })
        }
        let expectedAround = 15.4 + 2.8 * 11 / (2 * Double.pi) * 2
        #expect(abs(Double(total) / Double(n) - 30.8) < 5 * (30.8 / Double(n)).squareRoot())
        #expect(abs(Double(aroundMaximum) / Double(n) - expectedAround) < 5 * (expectedAround / Double(n)).squareRoot())
    }

    @Test func theSameSeedDrawsTheSameEvents() {
        var a = Xoshiro256(seed: 3)
        var b = Xoshiro256(seed: 3)
        #expect(events.sample(startYear: 2027, missionYears: 10, rng: &a) == events.sample(startYear: 2027, missionYears: 10, rng: &b))
    }

    @Test func noRateNoEvents() {
        var rng = Xoshiro256(seed: 1)
        let none = SolarParticleEvents(ratePerYearAtMinimum: 0, ratePerYearAtMaximum: 0, durationYears: 0.01, flux: 1)
        #expect(none.sample(startYear: 2027, missionYears: 10, rng: &rng).isEmpty)
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct SpaceEnvironmentTests {
    /// Fraction of `n` first-event draws at or before each of `times`.
    private func empiricalCDF(_ env: SpaceEnvironment, rate: Double, n: Int, at times: [Double]) -> [Double] {
        var rng = Xoshiro256(seed: 42)
        var counts = Array(repeating: 0, count: times.count)
        for _ in 0..<n {
            guard let t = env.firstEventTime(baseRate: rate, solarCycle: true, storms: true, rng: &rng) else { continue }
            for (i, limit) in times.enumerated() where t <= limit { counts[i] += 1 }
        }
        return counts.map { Double($0) / Double(n) }
    }

    @Test func constantRateFirstEventMatchesOneMinusExpMinusLambdaT() {
        let env = SpaceEnvironment(durationYears: 10)
        let rate = 0.08
        let n = 20_000
        let times = [1.0, 5, 10]
        for (p, t) in zip(empiricalCDF(env, rate: rate, n: n, at: times), times) {
            let expected = 1 - exp(-rate * t)
            #expect(abs(p - expected) < 4 * (expected * (1 - expected) / Double(n)).squareRoot(), "t = \(t)")
        }
    }

    @Test func thinningMatchesTheIntegratedTimeVaryingRate() {
        // A strong solar cycle and two storms that do not overlap: Λ(t) = λ ∫ cycle · storm, in closed form.
        let cycle = SolarCycle(minimumFactor: 2, maximumFactor: 0.25)
        let storms = [StormInterval(start: 1, end: 1.5, multiplier: 20), StormInterval(start: 6, end: 6.2, multiplier: 50)]
        let env = SpaceEnvironment(startYear: 2027, durationYears: 10, solarCycle: cycle, storms: storms)
        let rate = 0.02
        func integrated(_ t: Double) -> Double {
            var total = cycle.integral(fromYear: 2027, toYear: 2027 + t)
            for s in storms where s.start < t {
                total += (s.multiplier - 1) * cycle.integral(fromYear: 2027 + s.start, toYear: 2027 + min(t, s.end))
            }
            return rate * total
        }
        let n = 20_000
        let times = [0.9, 1.5, 4, 6.2, 8, 10]
        for (p, t) in zip(empiricalCDF(env, rate: rate, n: n, at: times), times) {
            let expected = 1 - exp(-integrated(t))
            #expect(abs(p - expected) < 4 * (expected * (1 - expected) / Double(n)).squareRoot(), "t = \(t)")
            #expect(abs(rate * env.cumulativeModulation(to: t, solarCycle: true, storms: true) - integrated(t)) < 1e-12)
        }
    }

    @Test func thinningMatchesTheCumulativeModulationWithOverlappingStorms() {
        let cycle = SolarCycle(minimumFactor: 4.0 / 3, maximumFactor: 2.0 / 3)
        var rng = Xoshiro256(seed: 77)
        let env = SpaceEnvironment.sample(
            startYear: 2027, durationYears: 10, solarCycle: cycle,
            stormProcess: StormProcess(ratePerYear: 6, durationYears: 0.1, multiplier: 15), rng: &rng)
        #expect(zip(env.storms, env.storms.dropFirst()).contains { $0.end > $1.start })  // some overlap
        let rate = 0.01
        let n = 20_000
        let times = [2.0, 5, 10]
        for (p, t) in zip(empiricalCDF(env, rate: rate, n: n, at: times), times) {
            let expected = 1 - exp(-rate * env.cumulativeModulation(to: t, solarCycle: true, storms: true))
            #expect(abs(p - expected) < 4 * (expected * (1 - expected) / Double(n)).squareRoot(), "t = \(t)")
        }
        // Without storms or cycle the integral is the elapsed time.
        #expect(abs(env.cumulativeModulation(to: 7, solarCycle: false, storms: false) - 7) < 1e-12)
    }

    @Test func overlappingStormsTakeTheLargerMultiplier() {
        let env = SpaceEnvironment(
            durationYears: 5,
            storms: [StormInterval(start: 1, end: 2, multiplier: 3), StormInterval(start: 1.5, end: 2.5, multiplier: 7)])
        #expect(env.stormMultiplier(at: 0.5) == 1)
        #expect(env.stormMultiplier(at: 1.2) == 3)
        #expect(env.stormMultiplier(at: 1.7) == 7)
        #expect(env.stormMultiplier(at: 2.2) == 7)
        #expect(env.stormMultiplier(at: 2.5) == 1)
        #expect(env.maxModulation(solarCycle: true, storms: true) == 7)
        #expect(env.maxModulation(solarCycle: true, storms: false) == 1)
    }

    @Test func solarCyclePhaseFollowsTheStartDate() {
        let cycle = SolarCycle(minimumFactor: 2, maximumFactor: 0.5)
        let atMinimum = SpaceEnvironment(startYear: SolarCycle.cycle25Minimum + 11, durationYears: 1, solarCycle: cycle)
        let atMaximum = SpaceEnvironment(startYear: SolarCycle.cycle25Minimum + 5.5, durationYears: 1, solarCycle: cycle)
        #expect(abs(atMinimum.modulation(at: 0, solarCycle: true, storms: true) - 2) < 1e-12)
        #expect(abs(atMaximum.modulation(at: 0, solarCycle: true, storms: true) - 0.5) < 1e-12)
        #expect(atMaximum.modulation(at: 0, solarCycle: false, storms: true) == 1)
    }

    @Test func zeroRateNeverFails() {
        var rng = Xoshiro256(seed: 1)
        #expect(SpaceEnvironment(durationYears: 10).firstEventTime(baseRate: 0, solarCycle: true, storms: true, rng: &rng) == nil)
    }
}

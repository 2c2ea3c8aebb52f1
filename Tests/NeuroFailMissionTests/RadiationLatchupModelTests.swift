import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct RadiationLatchupModelTests {
    let chip = TestSupport.chip(inputs: 2, widths: [100, 100], outputs: 2)

    private func counts(
        _ model: RadiationLatchupModel, runs: Int, storms: StormProcess? = nil, cycle: SolarCycle = .flat
    ) -> [Double] {
        (0..<runs).map { run in
            var rng = Xoshiro256(seed: 7, stream: UInt64(run))
            let env = SpaceEnvironment.sample(
                startYear: 2027, durationYears: 10, solarCycle: cycle, stormProcess: storms, rng: &rng)
            return Double(model.failures(chip: chip, cores: .none, environment: env, rng: &rng).count)
        }
    }

    @Test func failureCountsHaveTheMeanAndVarianceOfTheRate() {
        // 200 neurons, λ = 0.01 per neuron-year, 10 years: each fails with p = 1 − e^(−0.1), so the count is
        // Binomial(200, p) (≈ Poisson(200 λ T) for small λ): mean 19.03, variance 17.22.
        let lambda = 0.01
        let runs = 600
        let p = 1 - exp(-lambda * 10)
        let (mean, variance) = TestSupport.meanAndVariance(counts(RadiationLatchupModel(ratePerYear: lambda), runs: runs))
        let expectedMean = 200 * p
        let expectedVariance = 200 * p * (1 - p)
        #expect(abs(mean - expectedMean) < 4 * (expectedVariance / Double(runs)).squareRoot())
        #expect(abs(variance - expectedVariance) < 4 * expectedVariance * (2 / Double(runs - 1)).squareRoot())
    }

    @Test func stormsBoostTheFailureCount() {
        // Storms 4 per year, 0.05 years each, ×20: the integrated rate grows by ≈ 1 + 4 · 0.05 · 19 = 4.8
        // (a little less where storms overlap).
        let model = RadiationLatchupModel(ratePerYear: 0.002)
        let quiet = TestSupport.meanAndVariance(counts(model, runs: 300)).mean
        let stormy = TestSupport.meanAndVariance(
            counts(model, runs: 300, storms: StormProcess(ratePerYear: 4, durationYears: 0.05, multiplier: 20))).mean
        #expect(stormy / quiet > 3.5 && stormy / quiet < 5.5, "quiet \(quiet), stormy \(stormy)")
        let deaf = RadiationLatchupModel(ratePerYear: 0.002, boostedByStorms: false)
        let ignored = TestSupport.meanAndVariance(
            counts(deaf, runs: 300, storms: StormProcess(ratePerYear: 4, durationYears: 0.05, multiplier: 20))).mean
        #expect(ignored / quiet > 0.8 && ignored / quiet < 1.25)
    }

    @Test func eventsAreSortedWithinTheMissionAndOnePerComponent() {
        var rng = Xoshiro256(seed: 1)
        let model = RadiationLatchupModel(ratePerYear: 0.2, selection: ComponentSelection(neurons: true, synapses: true))
        let events = model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &rng)
        #expect(events == events.sorted())
        #expect(Set(events.map(\.component)).count == events.count)
        #expect(events.allSatisfy { $0.time >= 0 && $0.time <= 10 && $0.kind == .latchup })
        #expect(events.contains { if case .synapse = $0.component { return true } else { return false } })
    }

    @Test func namedLayersAloneFail() {
        var rng = Xoshiro256(seed: 2)
        let model = RadiationLatchupModel(ratePerYear: 1, selection: ComponentSelection(layers: [2]))
        let events = model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &rng)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { if case let .neuron(n) = $0.component { return n.layer == 2 } else { return false } })
    }

    @Test func sameSeedGivesTheSameFailures() {
        let model = RadiationLatchupModel(ratePerYear: 0.05)
        let env = SpaceEnvironment(durationYears: 10)
        var a = Xoshiro256(seed: 99)
        var b = Xoshiro256(seed: 99)
        var c = Xoshiro256(seed: 100)
        let first = model.failures(chip: chip, cores: .none, environment: env, rng: &a)
        #expect(first == model.failures(chip: chip, cores: .none, environment: env, rng: &b))
        #expect(first != model.failures(chip: chip, cores: .none, environment: env, rng: &c))
    }
}

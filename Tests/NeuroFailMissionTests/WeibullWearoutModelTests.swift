import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct WeibullWearoutModelTests {
    let chip = TestSupport.chip(inputs: 1, widths: [2000], outputs: 1)

    /// The Kolmogorov–Smirnov statistic of `samples` against `cdf`.
    private func ksStatistic(_ samples: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = samples.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        return d
    }

    @Test(arguments: [(1.7, 4.0), (0.8, 25.0), (3.5, 120.0)])
    func lifetimesPassAKolmogorovSmirnovTest(shape: Double, scale: Double) {
        let model = WeibullWearoutModel(shape: shape, scaleYears: scale)
        var rng = Xoshiro256(seed: 2024)
        // A mission long enough that nothing is censored.
        let events = model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 1e9), rng: &rng)
        #expect(events.count == 2000)
        let d = ksStatistic(events.map(\.time), cdf: model.cumulativeProbability)
        let critical = 1.628 / (2000.0).squareRoot()  // α = 0.01, large-sample
        #expect(d < critical, "D = \(d), critical \(critical)")
    }

    @Test func onlyLifetimesWithinTheMissionFail() {
        let model = WeibullWearoutModel(shape: 2, scaleYears: 20)
        var rng = Xoshiro256(seed: 5)
        let events = model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &rng)
        #expect(events.allSatisfy { $0.time <= 10 && $0.kind == .wearout })
        // P(T ≤ 10) = 1 − e^(−1/4) = 0.221: 442 of 2000 expected (standard deviation 18.6).
        #expect(abs(Double(events.count) - 2000 * model.cumulativeProbability(10)) < 4 * 18.6)
        #expect(events == events.sorted())
    }

    @Test func wearsOutOnlyTheSelectedKinds() {
        let small = TestSupport.chip(inputs: 2, widths: [3, 3], outputs: 1)
        var rng = Xoshiro256(seed: 5)
        let model = WeibullWearoutModel(shape: 1, scaleYears: 0.001, selection: .allSynapses)
        let events = model.failures(chip: small, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &rng)
        #expect(events.count == small.synapseCount)
        #expect(events.allSatisfy { if case .synapse = $0.component { return true } else { return false } })
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct StuckAtModelTests {
    /// Each neuron gets stuck with probability 1 − e^(−λT) (no modulation), at its layer's value.
    @Test func neuronsGetStuckAtTheFirstEventWithTheirLayersValue() {
        let chip = TestSupport.chip(inputs: 3, widths: [10, 10], outputs: 2)
        let model = StuckAtModel(ratePerYear: 0.05, values: [1, -2], followsSolarCycle: false, boostedByStorms: false)
        var stuck = 0
        for run in 0..<200 {
            var rng = Xoshiro256(seed: 8, stream: UInt64(run))
            let events = model.failures(chip: chip, cores: .packed(chip), environment: SpaceEnvironment(durationYears: 4), rng: &rng)
            for e in events {
                guard case let .neuron(n) = e.component else { Issue.record("\(e)"); continue }
                #expect(e.kind == .stuckAt && e.value == (n.layer == 1 ? 1 : -2))
            }
            #expect(Set(events.map(\.component)).count == events.count)
            stuck += events.count
        }
        let p = 1 - exp(-0.05 * 4), n = 200.0 * 20
        #expect(abs(Double(stuck) - n * p) < 4 * (n * p * (1 - p)).squareRoot(), "\(stuck) of \(n), expected \(n * p)")
    }

    @Test func saturatedIsTheLargestValueOfTheActivation() {
        #expect(StuckAtModel.saturation(Activation(.sigmoid, lipschitz: 0.25)) == 1)
        #expect(StuckAtModel.saturation(Activation(.tanh, lipschitz: 1)) == 1)
        #expect(StuckAtModel.saturation(Activation(.clip, lipschitz: 1, clipRange: -1...6)) == 6)
        #expect(StuckAtModel.saturation(Activation(.relu, lipschitz: 1)) == nil)
    }
}

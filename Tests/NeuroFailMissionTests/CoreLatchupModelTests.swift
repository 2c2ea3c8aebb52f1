import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct CoreLatchupModelTests {
    let chip = TestSupport.chip(inputs: 4, widths: [50, 50, 50], outputs: 3)

    @Test func aCoreFailureTakesDownAllItsNeuronsAndTheirSynapsesAtOneTime() {
        let cores = CoreMap.packed(chip)
        var rng = Xoshiro256(seed: 11)
        let events = CoreLatchupModel(ratePerCoreYear: 0.5).failures(
            chip: chip, cores: cores, environment: SpaceEnvironment(durationYears: 10), rng: &rng)
        // Rate 0.5 per core-year, 12 cores, 10 years: P(no event) = e^(−60).
        guard let event = events.first, case let .core(k) = event.component else {
            Issue.record("no core event")
            return
        }
        #expect(event.kind == .coreLatchup)
        var faults = FaultSet(pristine: chip)
        faults.apply(event, chip: chip, cores: cores)
        let neurons = cores.cores[k]
        #expect(faults.neuronCounts.reduce(0, +) == neurons.count)
        for n in neurons { #expect(faults.isCrashed(n)) }
        let layer = neurons[0].layer
        let inputs = chip.hidden[layer - 1].inputs
        #expect(faults.synapses[layer - 1] == neurons.flatMap { n in (0..<inputs).map { n.index * inputs + $0 } }.sorted())
        #expect(faults.count == neurons.count * (1 + inputs))
    }

    @Test func coreFailureCountsFollowTheRatePerCoreYear() {
        let cores = CoreMap.packed(chip)
        let lambda = 0.02
        var total = 0
        let runs = 400
        for run in 0..<runs {
            var rng = Xoshiro256(seed: 3, stream: UInt64(run))
            total += CoreLatchupModel(ratePerCoreYear: lambda).failures(
                chip: chip, cores: cores, environment: SpaceEnvironment(durationYears: 10), rng: &rng).count
        }
        let p = 1 - exp(-lambda * 10)
        let expected = Double(runs * 12) * p
        #expect(abs(Double(total) - expected) < 4 * (expected * (1 - p)).squareRoot())
    }

    @Test func noCoresNoCoreFailures() {
        var rng = Xoshiro256(seed: 1)
        #expect(CoreLatchupModel(ratePerCoreYear: 100).failures(
            chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &rng).isEmpty)
    }
}

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

    /// Recoverable latch-up: with damage probability 0 every event is an outage and a core's events are Poisson with
    /// mean λT; with probability 1 each core fails at most once, for good.
    @Test func recoverableLatchupRepeatsUntilItDamagesTheCore() {
        let chip = TestSupport.chip(inputs: 3, widths: [16, 16], outputs: 2)
        let cores = CoreMap.packed(chip, neuronsPerCore: 4)
        let environment = SpaceEnvironment(durationYears: 5)
        let never = CoreLatchupModel(ratePerCoreYear: 0.4, followsSolarCycle: false, boostedByStorms: false, permanentDamage: 0)
        var total = 0
        for run in 0..<300 {
            var rng = Xoshiro256(seed: 12, stream: UInt64(run))
            let events = never.failures(chip: chip, cores: cores, environment: environment, rng: &rng)
            #expect(events.allSatisfy { $0.kind == .coreOutage })
            total += events.count
        }
        let mean = 0.4 * 5 * Double(cores.count) * 300
        #expect(abs(Double(total) - mean) < 4 * mean.squareRoot(), "\(total), expected \(mean)")
        // Probability 1: the first latch-up damages the core for good, so at most one event per core.
        let permanent = CoreLatchupModel(ratePerCoreYear: 0.4, permanentDamage: 1)
        for run in 0..<20 {
            var rng = Xoshiro256(seed: 13, stream: UInt64(run))
            let events = permanent.failures(chip: chip, cores: cores, environment: environment, rng: &rng)
            #expect(events.allSatisfy { $0.kind == .coreLatchup } && Set(events.map(\.component)).count == events.count)
        }
    }
}

import NeuroFailCore
import Testing
@testable import NeuroFailReproduction

@Suite struct Float32StallSimulationTests {
    @Test func aFloat32RunningSumOfAHundredMillionOnesStallsAt2To24() {
        let (total, stalledAfter) = Float32StallSimulation.repeatedSum(of: 1, count: 100_000_000)
        // 2^24 + 1 is not a Float: from 2^24 on, adding 1 rounds back (ties to even).
        #expect(total == 16_777_216)
        #expect(stalledAfter == 16_777_216)
        // The average over 10^8 runs would be 0.168 instead of 1: 83 % low.
        #expect(Double(total) / 1e8 < 0.17)
    }

    @Test func smallSumsDoNotStall() {
        let (total, stalledAfter) = Float32StallSimulation.repeatedSum(of: 0.5, count: 1000)
        #expect(total == 500)
        #expect(stalledAfter == nil)
    }

    @Test func stallIsDetectedOnlyOnceNoBoundedTermCanMoveTheSum() {
        var s = Float32StallSimulation()
        s.add(1)
        #expect(!s.isStalled(forTermsUpTo: 1))
        s.add(Double(1 << 26))
        // ulp(2^26) = 8: half of it, 4, exceeds any term up to 3.
        #expect(s.isStalled(forTermsUpTo: 3))
        #expect(!s.isStalled(forTermsUpTo: 4))
    }

    @Test func simulationOfASmallCampaignMatchesTheExactMean() throws {
        let data = DigitData.synthetic(count: 60, seed: 3)
        let chip = try TrainedNetworkExperiment.train(
            data, heldOut: nil, widths: [7], epochs: 1, seed: 3, threads: 1, name: "t").chip
        let inputs = DigitData.inputs(data)
        let m = TrainedNetworkExperiment.measure(
            chip: chip, inputs: inputs, maxCrashes: 2, exhaustiveLimit: 1e6, samples: 1, probabilitySets: 1, seed: 3,
            threads: 1) { _ in }
        for c in m {
            let outcome = Float32StallSimulation.simulate(chip: chip, inputs: inputs, crashes: c.crashes)
            #expect(outcome.complete)
            #expect(!outcome.stalled)
            #expect(outcome.totalRuns == c.logits.runs)
            #expect(abs(outcome.naiveMean - c.logits.omegaAverage) <= 1e-5 * c.logits.omegaAverage)
        }
    }
}

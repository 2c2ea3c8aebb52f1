import Foundation
import NeuroFailCore

@testable import NeuroFailMission

/// A small scenario on disk: a 3-8-6-2 ReLU chip with trained-like weights, hit hard enough that every run sees
/// neuron, synapse and core failures within its 5 years.
enum MissionFixtures {
    /// The 3-8-6-2 ReLU chip with trained-like weights the fixture scenarios fly.
    static let chip = Chip.random(
        inputs: 3, widths: [8, 6], outputs: 2, activation: Activation(.relu, lipschitz: 1), mean: 0, std: 0.7, seed: 5)

    static func scenario(runs: Int = 4, seed: UInt64 = 11, workload: Int = 64) throws -> Scenario {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write(chip, "chip.json", in: dir)
        let text = """
            {"format": "neurofail.scenario/1", "name": "test-mission", "chip": "chip.json",
             "durationYears": 5, "checkpointYears": 0.5, "workload": {"random": \(workload), "seed": 3},
             "budget": 0.5, "seed": \(seed), "runs": \(runs),
             "cores": {"neuronsPerCore": 4},
             "failures": [
               {"model": "radiation-latchup", "components": "neurons", "rate": 0.12},
               {"model": "radiation-latchup", "components": "synapses", "rate": 0.01},
               {"model": "core-latchup", "rate": 0.02}]}
            """
        return try Scenario.load(path: TestSupport.write(text, "scenario.json", in: dir))
    }

    /// A run written by hand: one checkpoint row per (time, Ω_av, Erf, neurons lost per layer), with Ω_max = Ω_av,
    /// Erf_av = Erf / 2 and budget 1.
    static func handRun(_ run: Int, _ rows: [(t: Double, omega: Double, erf: Double, lost: [Int])]) -> MissionRun {
        MissionRun(
            run: run, failures: [],
            timeline: rows.map { r in
                TimelineRow(
                    time: r.t, cause: .checkpoint, neuronsFailed: r.lost, synapsesFailed: [0, 0, 0],
                    observation: Observation(omegaAverage: r.omega, omegaMax: r.omega, erf: r.erf, erfAverage: r.erf / 2, budget: 1))
            })
    }
}

extension Observation {
    /// A score-only observation (budget on the mean score deviation) whose fault-set bound is Erf itself: what the
    /// statistics tests need and nothing more.
    init(omegaAverage: Double, omegaMax: Double, erf: Double, erfAverage: Double, budget: Double) {
        self.init(
            omegaAverage: omegaAverage, omegaMax: omegaMax, erf: erf, erfAverage: erfAverage, certifiedBound: erf,
            budget: Budget(.scoreDeviation, limit: budget))
    }
}

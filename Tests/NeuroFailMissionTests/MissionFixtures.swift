import Foundation
import NeuroFailCore

@testable import NeuroFailMission

/// A small scenario on disk: a 3-8-6-2 ReLU chip with trained-like weights, hit hard enough that every run sees
/// neuron, synapse and core failures within its 5 years.
enum MissionFixtures {
    static func scenario(runs: Int = 4, seed: UInt64 = 11, workload: Int = 64) throws -> Scenario {
        let dir = TestSupport.temporaryDirectory()
        let chip = Chip.random(
            inputs: 3, widths: [8, 6], outputs: 2, activation: Activation(.relu, lipschitz: 1), mean: 0, std: 0.7,
            seed: 5)
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
}

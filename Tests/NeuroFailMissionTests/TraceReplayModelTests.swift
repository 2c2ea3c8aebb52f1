import NeuroFailCore
import Testing

@testable import NeuroFailMission

@Suite struct TraceReplayModelTests {
    @Test func replaysTheTraceExactlyWhateverTheSeed() {
        let chip = TestSupport.chip(inputs: 2, widths: [4], outputs: 1)
        let trace = FailureTrace(events: [
            FailureEvent(time: 0.5, component: .neuron(NeuronID(layer: 1, index: 2)), kind: .latchup),
            FailureEvent(time: 3, component: .synapse(SynapseID(layer: 2, target: 0, source: 1)), kind: .replay),
            FailureEvent(time: 9, component: .neuron(NeuronID(layer: 1, index: 0)), kind: .wearout),
        ])
        let model = TraceReplayModel(trace: trace)
        var a = Xoshiro256(seed: 1)
        var b = Xoshiro256(seed: 2)
        #expect(model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 10), rng: &a) == trace.events)
        #expect(model.failures(chip: chip, cores: .none, environment: SpaceEnvironment(durationYears: 5), rng: &b)
            == Array(trace.events.prefix(2)))
    }
}

import Testing

@testable import NeuroFailMission

struct RunMetricTests {
    @Test func standardMetricsReadTheirObservationFields() {
        let row = TimelineRow(
            time: 1, cause: .checkpoint, neuronsFailed: [1], synapsesFailed: [0, 0],
            observation: Observation(omegaAverage: 0.1, omegaMax: 0.4, erf: 9, erfAverage: 3, budget: 1))
        #expect(
            RunMetric.standard.map(\.name) == [
                "omega_av", "omega_max", "erf", "erf_av", "certified_bound", "decision_flips", "certified_flip_bound",
                "probability_deviation", "accuracy",
            ])
        #expect(RunMetric.standard.map { $0.value(row) } == [0.1, 0.4, 9, 3, 9, 0, 0, 0, nil])
    }
}

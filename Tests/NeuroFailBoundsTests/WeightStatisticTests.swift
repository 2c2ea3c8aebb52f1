import NeuroFailBounds
import NeuroFailCore
import Testing

struct WeightStatisticTests {
    @Test func maxSelectsTheLargestAbsoluteWeightAndMeanTheMeanAbsoluteWeightPerMatrix() throws {
        let bound = ErfBound(chip: try handChip())
        #expect(bound.weights(.max) == [2, 2, 2])
        #expect(bound.weights(.mean) == [1.25, 1.25, 1.5])
    }

    @Test func rawValuesAreTheNamesUsedOnTheCommandLine() {
        #expect(WeightStatistic.allCases.map(\.rawValue) == ["max", "mean"])
        #expect(WeightStatistic(rawValue: "mean") == .mean)
    }
}

extension WeightStatisticTests {
    /// Docs/theory.md, section 7: the two-layer chip on which the average error exceeds Erf_av, so Erf_av is an
    /// estimator and not a bound, while Erf (max |w|) still bounds the worst case.
    @Test func meanGivesAnEstimateThatTheAverageErrorCanExceed() throws {
        let chip = try decodeChip(
            #"""
            {"format": "neurofail.chip/1", "inputs": 1, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"weights": [[0], [0]], "bias": [1, 1]},
                        {"weights": [[10, 0], [0, 0]], "bias": [0, 0]}],
             "readout": {"weights": [[1, 0]], "bias": [0]}}
            """#)
        let bound = ErfBound(chip: chip)
        #expect(bound.outputBounds == [1, 10])
        // y^(1) = (1, 1) and F = 10 on every input. Crashing layer-1 neuron 1 gives F = 0, neuron 2 leaves F = 10:
        // Ω_av = (10 + 0) / 2 = 5 and Ω_max = 10 for f = (1, 0).
        let omegaAverage = 5.0
        let omegaMax = 10.0
        #expect(bound.erf(FaultCounts(neurons: [1, 0]), .mean) == 2.5)
        #expect(bound.erf(FaultCounts(neurons: [1, 0]), .mean) < omegaAverage)
        #expect(bound.erf(FaultCounts(neurons: [1, 0]), .max) == 20)
        #expect(bound.erf(FaultCounts(neurons: [1, 0]), .max) >= omegaMax)
    }
}

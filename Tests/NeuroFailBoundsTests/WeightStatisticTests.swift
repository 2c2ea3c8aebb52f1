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

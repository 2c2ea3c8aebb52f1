import NeuroFailCore
import Testing

@testable import NeuroFailEngine

@Suite struct OmegaStatisticsTests {
    func shard(_ deviations: [[Double]], worst: FaultSet?, exhaustive: Bool = true) -> OmegaStatistics {
        // deviations[set][input]
        var sum = CompensatedSum(), squares = CompensatedSum(), means = CompensatedSum(), meanSquares = CompensatedSum()
        var perInput = [Double](repeating: -.infinity, count: deviations[0].count)
        for row in deviations {
            for (i, d) in row.enumerated() {
                sum.add(d)
                squares.add(d * d)
                perInput[i] = max(perInput[i], d)
            }
            let mean = row.reduce(0, +) / Double(row.count)
            means.add(mean)
            meanSquares.add(mean * mean)
        }
        let top = perInput.max()!
        return OmegaStatistics(
            configurations: deviations.count, inputs: perInput.count, exhaustive: exhaustive, norm: .linf,
            deviationSum: sum, deviationSquareSum: squares, setMeanSum: means, setMeanSquareSum: meanSquares,
            perInputMax: perInput, omegaMax: top, worstFaultSet: worst, worstInput: perInput.firstIndex(of: top))
    }

    @Test func definitionsOnASmallTable() {
        let s = shard([[1, 2], [3, 6]], worst: nil)
        #expect(s.runs == 4)
        #expect(s.omegaAverage == 3)
        #expect(s.omegaMaxAverage == 4.5)
        #expect(s.omegaMax == 6)
        #expect(s.omegaStd == (50.0 / 4 - 9).squareRoot())
        #expect(s.confidenceInterval95 == nil)
    }

    @Test func mergingShardsEqualsOneShardOfEverything() {
        let a = FaultSet(neurons: [[0]]), b = FaultSet(neurons: [[1]])
        let merged = shard([[1, 2]], worst: a).merged(with: shard([[3, 6], [0, 1]], worst: b))
        let whole = shard([[1, 2], [3, 6], [0, 1]], worst: b)
        #expect(merged.configurations == 3)
        #expect(merged.omegaAverage == whole.omegaAverage)
        #expect(merged.perInputMax == whole.perInputMax)
        #expect(merged.worstFaultSet == b && merged.worstInput == 1)
    }

    @Test func emptyStatisticsAreTheIdentityOfMerging() {
        let s = shard([[1, 2], [3, 6]], worst: FaultSet(neurons: [[2]]))
        #expect(OmegaStatistics(inputs: 2, exhaustive: true).merged(with: s) == s)
    }

    @Test func tiesForTheWorstRunKeepTheEarlierShard() {
        let a = FaultSet(neurons: [[0]]), b = FaultSet(neurons: [[1]])
        let merged = shard([[5, 1]], worst: a).merged(with: shard([[5, 2]], worst: b))
        #expect(merged.worstFaultSet == a)
    }

    @Test func sampledStatisticsCarryACentralLimitInterval() {
        let s = shard([[1, 1], [3, 3], [2, 2]], worst: nil, exhaustive: false)
        // Per-set means 1, 3, 2: mean 2, sample std 1, half-width 1.96 / √3.
        let interval = try! #require(s.confidenceInterval95)
        let half = 1.959_963_984_540_054 / 3.0.squareRoot()
        #expect(close(interval.lowerBound, 2 - half, 1e-14) && close(interval.upperBound, 2 + half, 1e-14))
    }
}

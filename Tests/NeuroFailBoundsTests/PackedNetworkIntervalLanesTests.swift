import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// Four interval sums in the lanes of one vector against four scalar sums fed the same terms.
struct PackedNetworkIntervalLanesTests {
    /// A number with the awkward cases drawn often: ±0, a tie of magnitudes, and ordinary values.
    static func awkward(_ rng: inout Xoshiro256) -> Double {
        switch rng.nextIndex(6) {
        case 0: return 0
        case 1: return -0.0
        case 2: return rng.nextIndex(2) == 0 ? 1.5 : -1.5
        default: return rng.nextNormal(mean: 0, std: 2)
        }
    }

    @Test func eachLaneHasTheScalarSumsBits() {
        var rng = Xoshiro256(seed: 29)
        for trial in 0..<500 {
            let bias = (0..<4).map { _ in Self.awkward(&rng) }
            var lanes = PackedNetwork.IntervalLanes(bias: SIMD4(bias))
            var scalars = bias.map { PackedNetwork.IntervalSum(bias: $0) }
            for _ in 0..<(1 + rng.nextIndex(30)) {
                let w = (0..<4).map { _ in Self.awkward(&rng) }
                let lower = (0..<4).map { _ in Self.awkward(&rng) }, upper = (0..<4).map { _ in Self.awkward(&rng) }
                let wv = SIMD4(w)
                lanes.add(wv, lower: SIMD4(lower), upper: SIMD4(upper), where: wv .!= 0)
                for q in 0..<4 { scalars[q].add(w[q], lower: lower[q], upper: upper[q]) }
            }
            for q in 0..<4 {
                let got = lanes.lane(q), want = scalars[q]
                #expect(
                    [got.lo, got.hi, got.abs].map(\.bitPattern) == [want.lo, want.hi, want.abs].map(\.bitPattern),
                    "trial \(trial) lane \(q)")
            }
        }
    }

    @Test func magnitudeAndLargerAreAbsAndMax() {
        let x = SIMD4<Double>(-0.0, 0, -2, 3), y = SIMD4<Double>(0, -0.0, 2, -4)
        let magnitude = PackedNetwork.IntervalLanes.magnitude(x)
        #expect((0..<4).map { magnitude[$0].bitPattern } == (0..<4).map { abs(x[$0]).bitPattern })
        let larger = PackedNetwork.IntervalLanes.larger(x, y)
        #expect((0..<4).map { larger[$0].bitPattern } == (0..<4).map { max(x[$0], y[$0]).bitPattern })
    }
}

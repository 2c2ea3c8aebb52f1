import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The fused pass of a fault set's analysis against the three passes it replaces.
struct PackedNetworkDifferenceTests {
    /// Random intervals (a third of them exactly [0, 0], as unreached Δy are) for `count` sources.
    static func intervals(_ count: Int, _ rng: inout Xoshiro256) -> IntervalVector {
        var lower = [Double](), upper = [Double]()
        for _ in 0..<count {
            if rng.nextIndex(3) == 0 {
                lower.append(0)
                upper.append(0)
            } else {
                let a = rng.nextNormal(mean: 0, std: 3), b = rng.nextNormal(mean: 0, std: 3)
                lower.append(min(a, b))
                upper.append(max(a, b))
            }
        }
        return IntervalVector(lower: lower, upper: upper)
    }

    @Test func oneFusedPassGivesTheThreePassesBitsAndZerosWhereNotAsked() {
        var rng = Xoshiro256(seed: 19)
        var rowsChecked = 0
        for trial in 0..<40 {
            // Dense and sparse matrices; some large enough to be split over threads.
            let chip = trial % 2 == 0
                ? randomChip(&rng, depth: 1...3, width: 1...6, inputs: 1...5)
                : Chip.random(
                    inputs: 300, widths: [1 + rng.nextIndex(5000)], fanIn: 1 + rng.nextIndex(300), outputs: 3,
                    activation: Activation(.relu, lipschitz: 1), mean: 0, std: 1, seed: UInt64(trial))
            let network = PackedNetwork(chip: chip)
            for matrix in network.matrices {
                // Some weights zeroed, as crashed synapses are in the masked copy.
                let weights = matrix.weights.map { rng.nextIndex(5) == 0 ? 0 : $0 }
                let yPrime = Self.intervals(matrix.fanIn, &rng), deltaY = Self.intervals(matrix.fanIn, &rng)
                let only = (0..<matrix.fanOut).map { _ in rng.nextIndex(4) != 0 }
                let fused = PackedNetwork.differenceRows(matrix, weights, yPrime: yPrime, deltaY: deltaY, only: only)
                let zp = PackedNetwork.affine(matrix, weights, bias: matrix.bias, yPrime)
                let d = PackedNetwork.affine(
                    matrix, weights, bias: [Double](repeating: 0, count: matrix.fanOut), deltaY)
                let weighted = PristineAnalysis.weighted(matrix, weights, deltaY.magnitudes)
                for i in 0..<matrix.fanOut {
                    let got = [
                        fused.zPrime.lower[i], fused.zPrime.upper[i], fused.delta.lower[i], fused.delta.upper[i],
                        fused.weighted[i],
                    ]
                    let want = only[i] ? [zp.lower[i], zp.upper[i], d.lower[i], d.upper[i], weighted[i]] : [0, 0, 0, 0, 0]
                    #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "trial \(trial) row \(i)")
                    rowsChecked += 1
                }
            }
        }
        #expect(rowsChecked > 1000)
    }
}

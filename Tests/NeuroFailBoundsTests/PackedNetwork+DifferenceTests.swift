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

    /// Rows of every length side by side in one group of four, empty rows and a last, partial group included: the
    /// lanes of a short row are padded, and the padding must change none of its bits.
    @Test func rowsOfUnequalLengthGiveTheThreePassesBits() {
        var rng = Xoshiro256(seed: 23)
        var rowsChecked = 0, emptyRows = 0
        for trial in 0..<60 {
            let inputs = 1 + rng.nextIndex(40), outputs = 1 + rng.nextIndex(23)
            let lists = (0..<outputs).map { _ -> [Int] in
                // One row in four empty, the others of any length up to all the inputs.
                rng.nextIndex(4) == 0 ? [] : (0..<inputs).filter { _ in rng.nextIndex(3) != 0 }
            }
            emptyRows += lists.filter(\.isEmpty).count
            let sparse = SparseConnectivity(inputs: inputs, fanIn: lists)
            let layer = Layer(
                sparse: sparse, weights: (0..<sparse.synapseCount).map { _ in rng.nextNormal(mean: 0, std: 1) },
                bias: (0..<outputs).map { _ in rng.nextNormal(mean: 0, std: 1) },
                activation: Activation(.relu, lipschitz: 1))
            let readout = Layer(
                inputs: outputs, outputs: 1, weights: [Double](repeating: 1, count: outputs), bias: [0],
                activation: nil)
            let chip = Chip(
                name: "rows", inputDomain: InputDomain(lower: -1, upper: 1), hidden: [layer], readout: readout)
            let matrix = PackedNetwork(chip: chip).matrices[0]
            let weights = matrix.weights.map { rng.nextIndex(4) == 0 ? 0 : $0 }
            let yPrime = Self.intervals(inputs, &rng), deltaY = Self.intervals(inputs, &rng)
            let only: [Bool]? = trial % 3 == 0 ? nil : (0..<outputs).map { _ in rng.nextIndex(3) != 0 }
            let fused = PackedNetwork.differenceRows(matrix, weights, yPrime: yPrime, deltaY: deltaY, only: only)
            let zp = PackedNetwork.affine(matrix, weights, bias: matrix.bias, yPrime)
            let d = PackedNetwork.affine(matrix, weights, bias: [Double](repeating: 0, count: outputs), deltaY)
            let weighted = PristineAnalysis.weighted(matrix, weights, deltaY.magnitudes)
            for i in 0..<outputs {
                let got = [
                    fused.zPrime.lower[i], fused.zPrime.upper[i], fused.delta.lower[i], fused.delta.upper[i],
                    fused.weighted[i],
                ]
                let asked = only?[i] ?? true
                let want = asked ? [zp.lower[i], zp.upper[i], d.lower[i], d.upper[i], weighted[i]] : [0, 0, 0, 0, 0]
                #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "trial \(trial) row \(i)")
                rowsChecked += 1
            }
        }
        #expect(rowsChecked > 500)
        #expect(emptyRows > 50)
    }
}

import Foundation
import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailBounds

/// The interval steps every analysis is built from, and the two chip-wide facts: how large any faulty chip's
/// values can get, and how far a Float64 forward pass can be from the exact one. Checked against extended
/// precision (with its own error bound) on random chips.
struct PackedNetworkTests {
    @Test func matricesAreTheChipsLayersRowMajorWithTheReadoutLast() throws {
        let network = PackedNetwork(chip: try handChip())
        #expect(network.depth == 2)
        #expect(network.matrices.map(\.weights) == [[1, 2, -1, 1], [1, 1, 2, -1], [1, -2]])
        #expect(network.matrices.map(\.bias) == [[0, 0.5], [0, 0], [0]])
        #expect(network.matrices.map(\.fanIn) == [2, 2, 2] && network.matrices.map(\.fanOut) == [2, 2, 1])
        #expect(network.matrices[2].activation == nil && network.matrices[0].activation?.function == .relu)
    }

    /// The hand chip's first layer over [0, 1]²: x₁ + 2x₂ ∈ [0, 3] and −x₁ + x₂ + ½ ∈ [−½, 1.5] (theory.md, C_1),
    /// widened by no more than rounding, and the ReLU image [0, 3] × [0, 1.5].
    @Test func affineAndImageGiveTheHandIntervals() throws {
        let network = PackedNetwork(chip: try handChip())
        let m = network.matrices[0]
        let z = PackedNetwork.affine(m, m.weights, bias: m.bias, IntervalVector(repeating: 0, 1, count: 2))
        let expected: [(Double, Double)] = [(0, 3), (-0.5, 1.5)]
        for (i, (lo, hi)) in expected.enumerated() {
            #expect(z.lower[i] <= lo && z.lower[i] > lo - 1e-14)
            #expect(z.upper[i] >= hi && z.upper[i] < hi + 1e-14)
        }
        let y = PackedNetwork.image(Activation(.relu, lipschitz: 1), z)
        #expect(y.lower[0] <= 0 && y.upper[0] >= 3 && y.upper[0] < 3 + 1e-14)
        #expect(y.lower[1] <= 0 && y.lower[1] > -1e-14 && y.upper[1] >= 1.5 && y.upper[1] < 1.5 + 1e-14)
    }

    #if arch(x86_64) || arch(i386)
    /// W·y + b for y anywhere in the intervals lies in the affine image, and φ(z) for z in an interval in the image.
    @Test func intervalStepsContainEveryExactValue() {
        var rng = Xoshiro256(seed: 41)
        for _ in 0..<2_000 {
            let (n, k) = (1 + rng.nextIndex(4), 1 + rng.nextIndex(5))
            let scale = rng.nextUnit() < 0.5 ? 1.0 : 1e6
            let weights = (0..<(n * k)).map { _ in rng.nextUnit() < 0.2 ? 0 : scale * rng.nextNormal() }
            let bias = (0..<n).map { _ in scale * rng.nextNormal() }
            let ends = (0..<k).map { _ in (rng.nextNormal(), rng.nextNormal()) }
            let y = IntervalVector(lower: ends.map { min($0.0, $0.1) }, upper: ends.map { max($0.0, $0.1) })
            let matrix = PackedNetwork.Matrix(Layer(inputs: k, outputs: n, weights: weights, bias: bias, activation: nil))
            let z = PackedNetwork.affine(matrix, weights, bias: bias, y)
            let φ = randomActivation(&rng)
            let image = PackedNetwork.image(φ, z)
            // Random points and every row's two extreme corners, where the interval's ends are attained exactly.
            var points = (0..<6).map { _ in (0..<k).map { j in Float80(y.lower[j]) + Float80(y.upper[j] - y.lower[j]) * Float80(rng.nextUnit()) } }
            for i in 0..<n {
                for sign in [1.0, -1.0] {
                    points.append((0..<k).map { j in Float80(sign * weights[i * k + j] >= 0 ? y.upper[j] : y.lower[j]) })
                }
            }
            for point in points {
                for i in 0..<n {
                    var s = Float80(bias[i])
                    for j in 0..<k { s += Float80(weights[i * k + j]) * point[j] }
                    let slack = 16 * extendedUnit * (abs(s) + (0..<k).reduce(Float80(abs(bias[i]))) { $0 + abs(Float80(weights[i * k + $1]) * point[$1]) })
                    #expect(s >= Float80(z.lower[i]) - slack && s <= Float80(z.upper[i]) + slack)
                    // φ at a point of z's interval (the ends included).
                    let t = [Float80(z.lower[i]), Float80(z.upper[i]), s][rng.nextIndex(3)]
                    let v = extended(φ, min(max(t, Float80(z.lower[i])), Float80(z.upper[i])))
                    let tolerance = 32 * extendedUnit * max(1, abs(v))
                    #expect(v >= Float80(image.lower[i]) - tolerance && v <= Float80(image.upper[i]) + tolerance, "\(φ.summary)")
                }
            }
        }
    }

    /// Whatever fails, no layer value of the faulty chip leaves the any-fault magnitudes, and the Float64 forward
    /// pass of the pristine chip, and of a faulty one, is within `roundingErrors` of the exact outputs.
    @Test func anyFaultMagnitudesAndRoundingErrorsHoldForEveryFaultSet() {
        var rng = Xoshiro256(seed: 42)
        var widest = 0.0
        for _ in 0..<400 {
            let chip = randomChip(&rng)
            let network = PackedNetwork(chip: chip)
            let box = InputBox(chip: chip)
            let magnitudes = network.anyFaultMagnitudes(box: box)
            #expect(magnitudes.count == chip.depth + 2)
            let pristineErrors = network.roundingErrors(magnitudes: magnitudes, masked: nil)
            for _ in 0..<3 {
                let faults = randomFaultSet(chip, &rng)
                let masked = network.matrices.enumerated().map { m, matrix in
                    var w = matrix.weights
                    for flat in faults.synapses[m] { w[flat] = 0 }
                    return w
                }
                let dead = chip.widths.enumerated().map { l, n in (0..<n).map { faults.neurons[l].contains($0) } }
                let faultyErrors = network.roundingErrors(magnitudes: magnitudes, masked: masked, dead: dead)
                for x in [randomInput(chip, &rng), randomInput(chip, &rng)] {
                    let exact = extendedForward(chip, x, faults)
                    for (h, layer) in exact.post.enumerated() {
                        for (i, v) in layer.enumerated() {
                            #expect(abs(v.value) - v.error <= Float80(magnitudes[h][i]), "layer \(h) neuron \(i)")
                        }
                    }
                    for (k, v) in exact.pre[chip.depth].enumerated() {
                        #expect(abs(v.value) - v.error <= Float80(magnitudes[chip.depth + 1][k]))
                    }
                    let computed = forward(chip, x, faults)
                    let pristine = extendedForward(chip, x, FaultSet(pristine: chip)).pre[chip.depth]
                    let computedPristine = forward(chip, x, FaultSet(pristine: chip))
                    for k in 0..<chip.outputCount {
                        let e = exact.pre[chip.depth][k]
                        #expect(abs(Float80(computed[k]) - e.value) <= Float80(faultyErrors[k]) + e.error)
                        let p = pristine[k]
                        #expect(abs(Float80(computedPristine[k]) - p.value) <= Float80(pristineErrors[k]) + p.error)
                        if faultyErrors[k] > 0 { widest = max(widest, Double(abs(Float80(computed[k]) - e.value)) / faultyErrors[k]) }
                    }
                }
            }
        }
        // Not vacuous: the bounds are over-estimates, but rounding does happen and shows up in the comparison.
        #expect(widest > 0, "no rounding error observed at all")
    }
    #endif
}

extension PackedNetworkTests {
    /// A sparse layer is held as its CSR arrays (one weight per synapse that exists, nothing expanded) and a
    /// convolution as its synapses in the same form; the chip-wide facts (any-fault magnitudes, rounding errors of a
    /// forward pass) are those of the dense expansion bit for bit.
    @Test func sparseLayersAreHeldAsTheirSynapsesAndGiveTheDenseExpansionsFacts() {
        forEachSparseChip(seed: 143, count: 300) { chip, expansion, _ in
            let network = PackedNetwork(chip: chip), dense = PackedNetwork(chip: expansion)
            for (matrix, layer) in zip(network.matrices, chip.allLayers) {
                #expect(matrix.weights.count == layer.synapseCount && matrix.rowStart == layer.sparse?.rowStart)
                for k in 0..<layer.synapseCount {
                    let (t, s) = matrix.ends(ofSynapse: k)
                    #expect(layer.synapse(at: k) == (t, s) && matrix.synapses(of: t).contains(k) && matrix.source(k, into: t) == s)
                }
            }
            let box = InputBox(chip: chip)
            let magnitudes = network.anyFaultMagnitudes(box: box)
            #expect(magnitudes == dense.anyFaultMagnitudes(box: box))
            #expect(network.roundingErrors(magnitudes: magnitudes, masked: nil) == dense.roundingErrors(magnitudes: magnitudes, masked: nil))
        }
        var cnn = Xoshiro256(seed: 144)
        for _ in 0..<50 {
            let chip = ConvolutionalChips.random(&cnn, size: .small)
            for (matrix, layer) in zip(PackedNetwork(chip: chip).matrices, chip.allLayers) {
                #expect(matrix.weights.count == layer.synapseCount)
                for t in 0..<layer.outputs {
                    var expected = [(Int, Double)]()
                    layer.forEachIncoming(t) { s, w, _ in expected.append((s, w)) }
                    let held = matrix.synapses(of: t).map { (matrix.source($0, into: t), matrix.weights[$0]) }
                    #expect(held.map(\.0) == expected.map(\.0) && held.map(\.1) == expected.map(\.1))
                }
            }
        }
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// Back-substitution bounds linear forms in a layer's pre-activations over the whole box. Its hot loop
/// (``BackSubstitution/accumulate(into:rows:coefficients:_:weights:)``, unsafe pointers) is checked against the plain
/// triple loop.
struct BackSubstitutionTests {
    private func substitution(_ chip: Chip) -> BackSubstitution {
        let network = PackedNetwork(chip: chip)
        let box = InputBox(chip: chip)
        return BackSubstitution(layers: PristineAnalysis(network: network, box: box).layers(network: network, box: box))
    }

    /// On the first matrix the form is affine in x, so its bound is its exact maximum over the box, to rounding: on
    /// the hand chip, z₁ = x₁ + 2x₂ ≤ 3, −z₁ ≤ 0, z₂ = −x₁ + x₂ + ½ ≤ 1.5, z₁ − z₂ = 2x₁ + x₂ − ½ ≤ 2.5.
    @Test func anAffineFormIsBoundedByItsExactMaximum() throws {
        let s = substitution(try handChip())
        let a: [Double] = [1, 0, -1, 0, 0, 1, 1, -1]
        let upper = s.upperBounds(from: 0, rows: 4, a: a, d: [Double](repeating: 0, count: 8))
        for (u, exact) in zip(upper, [3.0, 0, 1.5, 2.5]) {
            #expect(u >= exact && u < exact + 1e-12, "\(u) for \(exact)")
        }
    }

    /// The readout of the hand chip, F = h₁ − 2h₂, and −F: for −F the final form is 5.28x₁ + 2.28x₂ + const (−h₁
    /// exact, h₂ ≤ 0.88(2y₁ − y₂ + ¾) by its chord, y₂ ≥ x₂ − x₁ + ½ by its tangent), so its corner is (1, 1),
    /// where −F is 7.5, its true maximum (theory.md, section 9).
    @Test func maximizersAreTheCornersTheFinalFormPointsTo() throws {
        let chip = try handChip()
        let s = substitution(chip)
        let (bounds, corners) = s.upperBoundsAndMaximizers(from: 2, rows: 2, a: [1, -1], d: [0, 0], maximizers: true)
        #expect(corners.count == 2 && corners.allSatisfy { $0.count == 2 && $0.allSatisfy { $0 == 0 || $0 == 1 } })
        // Sound: above F and −F at every grid point.
        for x in gridPoints(chip) {
            let f = forward(chip, x, FaultSet(pristine: chip))[0]
            #expect(f <= bounds[0] && -f <= bounds[1])
        }
        let atCorner = forward(chip, corners[1], FaultSet(pristine: chip))[0]
        #expect(-atCorner == 7.5, "−F is largest at (1, 1): 7.5 (theory.md), found corner \(corners[1])")
    }

    #if arch(x86_64) || arch(i386)
    /// Random forms on random chips: the bound is above the form's exact value at every sampled input.
    @Test func boundsHoldForRandomFormsOnRandomChips() {
        var rng = Xoshiro256(seed: 46)
        for _ in 0..<300 {
            let chip = randomChip(&rng)
            let s = substitution(chip)
            let m = rng.nextIndex(chip.depth + 1)
            let n = chip.allLayers[m].outputs
            let rows = 3
            let a = (0..<(rows * n)).map { _ in rng.nextUnit() < 0.3 ? 0 : rng.nextNormal() }
            let upper = s.upperBounds(from: m, rows: rows, a: a, d: [Double](repeating: 0, count: rows * n))
            for _ in 0..<8 {
                let z = extendedForward(chip, randomInput(chip, &rng), FaultSet(pristine: chip)).pre[m]
                for r in 0..<rows {
                    var value: Float80 = 0, error: Float80 = 0
                    for i in 0..<n {
                        value += Float80(a[r * n + i]) * z[i].value
                        error += abs(Float80(a[r * n + i])) * (z[i].error + 4 * extendedUnit * abs(z[i].value))
                    }
                    #expect(value - error <= Float80(upper[r]), "row \(r) from matrix \(m): \(chip.json.rendered(indent: 0))")
                }
            }
        }
    }
    #endif

    @Test func unsafeAccumulateEqualsThePlainTripleLoop() {
        var rng = Xoshiro256(seed: 47)
        for _ in 0..<200 {
            let (rows, n, k) = (1 + rng.nextIndex(6), 1 + rng.nextIndex(7), 1 + rng.nextIndex(9))
            let coefficients = (0..<(rows * n)).map { _ in rng.nextUnit() < 0.3 ? 0 : rng.nextNormal() }
            let matrix = (0..<(n * k)).map { _ in rng.nextNormal() }
            let start = (0..<(rows * k)).map { _ in rng.nextNormal() }
            var fast = start
            let layer = Layer(inputs: k, outputs: n, weights: matrix, bias: [Double](repeating: 0, count: n), activation: nil)
            BackSubstitution.accumulate(
                into: &fast, rows: rows, coefficients: coefficients, PackedNetwork.Matrix(layer), weights: matrix)
            var plain = start
            for r in 0..<rows {
                for j in 0..<k {
                    for i in 0..<n where coefficients[r * n + i] != 0 {
                        plain[r * k + j] += coefficients[r * n + i] * matrix[i * k + j]
                    }
                }
            }
            #expect(fast == plain)
        }
    }

    /// On a sparse matrix the products run over the synapses that exist, scattered by source: the same bits as the
    /// dense triple loop over its expansion (whose zeros add exact zeros), with another set of weights standing in.
    @Test func sparseAccumulateEqualsTheDenseExpansionsBitForBit() {
        var rng = Xoshiro256(seed: 48)
        for _ in 0..<300 {
            let (rows, n, k) = (1 + rng.nextIndex(6), 1 + rng.nextIndex(7), 1 + rng.nextIndex(9))
            let lists = (0..<n).map { _ in (0..<k).filter { _ in rng.nextUnit() < 0.4 } }
            let c = SparseConnectivity(inputs: k, fanIn: lists)
            let layer = Layer(
                sparse: c, weights: (0..<c.synapseCount).map { _ in rng.nextNormal() }, bias: [Double](repeating: 0, count: n),
                activation: nil)
            let standIn = layer.weights.map { rng.nextUnit() < 0.3 ? 0 : $0 * 2 }
            let coefficients = (0..<(rows * n)).map { _ in rng.nextUnit() < 0.3 ? 0 : rng.nextNormal() }
            let start = (0..<(rows * k)).map { _ in rng.nextNormal() }
            var sparse = start, dense = start
            BackSubstitution.accumulate(
                into: &sparse, rows: rows, coefficients: coefficients, PackedNetwork.Matrix(layer), weights: standIn)
            var expanded = [Double](repeating: 0, count: n * k)
            for t in 0..<n { for q in c.synapses(of: t) { expanded[t * k + Int(c.sources[q])] = standIn[q] } }
            let denseLayer = Layer(inputs: k, outputs: n, weights: expanded, bias: layer.bias, activation: nil)
            BackSubstitution.accumulate(
                into: &dense, rows: rows, coefficients: coefficients, PackedNetwork.Matrix(denseLayer), weights: expanded)
            #expect(sparse == dense)
        }
    }
}

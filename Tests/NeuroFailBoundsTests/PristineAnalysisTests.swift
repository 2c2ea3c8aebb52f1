import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The pristine chip over the box: every layer's bounds, tightened by back-substitution from the second layer on.
struct PristineAnalysisTests {
    /// By hand on hand-2-2-1 over [0, 1]², with y₁ = x₁ + 2x₂ (a ReLU surely on: exact) and y₂ = relu(x₂ − x₁ + ½)
    /// on [−½, 1.5] relaxed by the chord ¾(z + ½) above and the tangent z below (the longer side):
    /// - h₁'s input y₁ + y₂ ∈ [x₁ + 2x₂ + x₂ − x₁ + ½, x₁ + 2x₂ + ¾(x₂ − x₁ + 1)] ⊂ [½, 3.75];
    /// - h₂'s input 2y₁ − y₂ ∈ [2x₁ + 4x₂ − ¾(x₂ − x₁ + 1), 2x₁ + 4x₂ − (x₂ − x₁ + ½)] ⊂ [−¾, 5.5];
    /// against plain intervals [0, 4.5] and [−1.5, 6] (theory.md, C_2). The readout is not tightened: its interval
    /// is h₁ − 2h₂ ∈ [½ − 11, 3.75].
    @Test func backSubstitutionTightensTheHandChipsSecondLayer() throws {
        let p = PristineAnalysis(network: PackedNetwork(chip: try handChip()), box: InputBox(chip: try handChip()))
        func expectNear(_ v: IntervalVector, _ i: Int, _ lo: Double, _ hi: Double, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(v.lower[i] <= lo && v.lower[i] > lo - 1e-12, "lower \(v.lower[i]) for \(lo)", sourceLocation: sourceLocation)
            #expect(v.upper[i] >= hi && v.upper[i] < hi + 1e-12, "upper \(v.upper[i]) for \(hi)", sourceLocation: sourceLocation)
        }
        expectNear(p.pre[0], 0, 0, 3)
        expectNear(p.pre[0], 1, -0.5, 1.5)
        expectNear(p.pre[1], 0, 0.5, 3.75)
        expectNear(p.pre[1], 1, -0.75, 5.5)
        expectNear(p.post[2], 0, 0.5, 3.75)
        expectNear(p.post[2], 1, 0, 5.5)
        expectNear(p.pre[2], 0, -10.5, 3.75)
        #expect(p.post.count == 3 && p.relaxations.map(\.count) == [2, 2] && p.rounding.count == 1)
    }

    #if arch(x86_64) || arch(i386)
    /// On random chips (every activation) every exact layer value at random inputs lies in the bounds, and the
    /// rounding bound covers the Float64 forward pass.
    @Test func everyLayerValueLiesInItsBounds() {
        var rng = Xoshiro256(seed: 43)
        var tightened = 0
        for _ in 0..<500 {
            let chip = randomChip(&rng)
            let network = PackedNetwork(chip: chip)
            let p = PristineAnalysis(network: network, box: InputBox(chip: chip))
            // Back-substitution only narrows the interval image of the previous layer.
            for m in 1..<network.matrices.count where network.matrices[m].activation != nil {
                let plain = PackedNetwork.affine(network.matrices[m], network.matrices[m].weights, bias: network.matrices[m].bias, p.post[m])
                for i in 0..<plain.count {
                    #expect(p.pre[m].lower[i] >= plain.lower[i] && p.pre[m].upper[i] <= plain.upper[i])
                    if p.pre[m].upper[i] - p.pre[m].lower[i] < 0.99 * (plain.upper[i] - plain.lower[i]) { tightened += 1 }
                }
            }
            for _ in 0..<6 {
                let x = randomInput(chip, &rng)
                let exact = extendedForward(chip, x, FaultSet(pristine: chip))
                for (m, layer) in exact.pre.enumerated() {
                    for (i, v) in layer.enumerated() {
                        #expect(v.fits(p.pre[m].lower[i], p.pre[m].upper[i]), "z^(\(m))_\(i) = \(v.value) outside [\(p.pre[m].lower[i]), \(p.pre[m].upper[i])]: \(chip.json.rendered(indent: 0))")
                    }
                }
                for (h, layer) in exact.post.enumerated() {
                    for (i, v) in layer.enumerated() { #expect(v.fits(p.post[h].lower[i], p.post[h].upper[i])) }
                }
                let computed = forward(chip, x, FaultSet(pristine: chip))
                for (k, v) in exact.pre[chip.depth].enumerated() {
                    #expect(abs(Float80(computed[k]) - v.value) <= Float80(p.rounding[k]) + v.error)
                }
            }
        }
        #expect(tightened > 100, "back-substitution narrowed only \(tightened) neurons")
    }
    #endif
}

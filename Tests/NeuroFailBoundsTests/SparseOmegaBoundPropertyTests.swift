import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailTestSupport
import Testing

/// THE property on sparse chips: Ω_max ≤ Erf (Docs/theory.md, section 17: Theorems A and B with w_m the largest |w|
/// over the synapses that exist, N_l the neurons, and the sparse factor min(N_l − f_l, F_l), F_l the layer's largest
/// fan-out), and for the same crash sets the fault-set bound (sections 11–14) at least what they measurably do.
///
/// Chips from `SparseChips.random`: 1–3 hidden layers, each sparse with probability 3/4 (fan-ins 0–6, empty rows
/// included), every activation, weights N(1, 5²) or N(0, 0.5²), boxes [0, 1] or [−1, 1]. Per chip, three draws of
/// per-layer counts (neurons only, synapses only, both) and every crash set with at most those counts per layer.
/// Inputs: every corner of the box when d ≤ 5, else 24 random corners, and eight random points. Ω is measured by the
/// fast engine (`Evaluator`) on the sparse chip itself, faulty against pristine; slack a relative 1e-9 for rounding
/// (the fault-set bound carries its own allowance).
struct SparseOmegaBoundPropertyTests {
    static let chips = 250
    static let slack = 1e-9

    /// Neurons only, synapses only, both: the draws of the CNN property.
    typealias Kind = ConvolutionalOmegaBoundPropertyTests.Kind

    @Test func crashesNeverMoveASparseChipsOutputMoreThanErfOrTheirFaultSetBound() {
        var rng = Xoshiro256(seed: 141)
        var configurations = 0
        var tightest = [Kind: Double]()
        var tightestCertified = 0.0
        var belowDense = 0
        for _ in 0..<Self.chips {
            let chip = SparseChips.random(&rng)
            let points = cornersAndPoints(chip, randomPoints: 8, &rng)
            let inputs = InputBatch(count: points.count, dimension: chip.inputCount, values: points.flatMap { $0 })
            let engine = Evaluator(chip: chip)
            let nominal = engine.outputs(inputs, faults: FaultSet(pristine: chip))
            let erfBound = ErfBound(chip: chip), faultSetBound = FaultSetBound(chip: chip)
            let denseErf = ErfBound(chip: SparseChips.denseEquivalent(chip))
            let m = chip.outputCount
            func context(_ faults: FaultSet) -> String { "\(faults) on \(chip.json.rendered(indent: 0))" }
            for kind in Kind.allCases {
                let (neuronLimits, synapseLimits) = kind.counts(chip, &rng)
                for neurons in countVectors(neuronLimits) {
                    for synapses in countVectors(synapseLimits) {
                        let counts = FaultCounts(neurons: neurons, synapses: synapses)
                        let erf = erfBound.erf(counts)
                        // The dense expansion has more synapses, so the same counts always fit it.
                        let dense = denseErf.erf(counts)
                        #expect(erf <= dense, "Erf \(erf) above the dense expansion's \(dense) on \(chip.json.rendered(indent: 0))")
                        if erf < dense * 0.999 { belowDense += 1 }
                        for faults in allFaultSets(chip, neurons: neurons, synapses: synapses) {
                            let faulty = engine.outputs(inputs, faults: faults)
                            let omega = zip(faulty, nominal).map { abs($0 - $1) }.max() ?? 0
                            configurations += 1
                            #expect(omega <= erf * (1 + Self.slack), "Ω = \(omega) > Erf = \(erf) for \(context(faults))")
                            let certified = faultSetBound.bound(faults)
                            for row in 0..<points.count {
                                var deviation = 0.0
                                for k in (row * m)..<(row * m + m) { deviation = max(deviation, abs(faulty[k] - nominal[k])) }
                                #expect(certified.admits(deviation, .linf), "Ω = \(deviation) > certified \(certified.value(.linf)) for \(context(faults))")
                                if certified.value(.linf) > 0 {
                                    tightestCertified = max(tightestCertified, deviation / certified.value(.linf))
                                }
                            }
                            if erf > 0 { tightest[kind] = max(tightest[kind, default: 0], omega / erf) }
                        }
                    }
                }
            }
        }
        #expect(configurations > 4_000, "\(configurations) crash sets")
        // Attained, up to rounding, for each kind: the check is not vacuous, and the sparse factor keeps Erf tight.
        for kind in Kind.allCases {
            #expect(tightest[kind, default: 0] > 0.9, "\(kind): largest Ω / Erf \(tightest[kind, default: 0])")
        }
        #expect(tightestCertified > 0.9, "largest Ω / certified \(tightestCertified)")
        // The fan-out factor makes a sparse chip's Erf strictly smaller than its expansion's for many counts.
        #expect(belowDense > 100, "Erf below the dense expansion's for only \(belowDense) count vectors")
    }
}

import NeuroFailBounds
import NeuroFailCore
import NeuroFailTestSupport
import Testing

/// THE property on convolutional chips: Ω_max ≤ Erf (Docs/theory.md, section 17: Theorems A and B with w_m the
/// largest |kernel weight|, N_l the output units, and the sparse factor min(N_l − f_l, F_l)), by exhaustive
/// enumeration of every crash set with the drawn per-layer counts, in the style of ``OmegaBoundPropertyTests``.
///
/// Chips from `ConvolutionalChips.random(_:size: .small)`: 1-D (1–2 channels × length 2–4) or 2-D (1 × 2–3 × 2–3)
/// inputs, one or two convolutions (1–3 feature maps, kernels 1–3 per axis, strides 1–2, zero padding drawn per
/// side), half the time a dense hidden layer after them, a dense readout of 1–2 outputs; every activation with its
/// parameters and K in [0.1, 4]; weights N(1, 5²) or N(0, 0.3²); boxes [0, 1+u] or [−1−u, 1+u]. Inputs: every corner
/// of the box when d ≤ 6, else 64 random corners, and three random points. Ω from the textbook dense expansion of the chip
/// (`ConvolutionalChips.denseEquivalent`) run through the plain forward pass of Fixtures.swift, so neither the
/// library's convolution code nor its synapse numbering is used to measure. Slack: a relative 1e-9 for rounding.
struct ConvolutionalOmegaBoundPropertyTests {
    static let chips = 250
    static let slack = 1e-9

    @Test func neuronCrashesNeverMoveACNNsOutputMoreThanErf() {
        let summary = check(seed: 101, drawsPerChip: 3) { chip, rng in
            (drawCounts(chip.widths, largest: 3, configurations: 40, &rng), chip.allLayers.map { _ in 0 })
        }
        #expect(summary.configurations > 5_000)
        #expect(summary.tightest > 0.9, "the bound is never approached: the check may be vacuous (\(summary.tightest))")
    }

    @Test func synapseCrashesNeverMoveACNNsOutputMoreThanErf() {
        let summary = check(seed: 102, drawsPerChip: 3) { chip, rng in
            (chip.widths.map { _ in 0 }, drawCounts(chip.allLayers.map(\.synapseCount), largest: 2, configurations: 40, &rng))
        }
        #expect(summary.configurations > 5_000)
        #expect(summary.tightest > 0.9, "the bound is never approached: the check may be vacuous (\(summary.tightest))")
    }

    @Test func mixedCrashesNeverMoveACNNsOutputMoreThanErf() {
        let summary = check(seed: 103, drawsPerChip: 3) { chip, rng in
            (
                drawCounts(chip.widths, largest: 3, configurations: 8, &rng),
                drawCounts(chip.allLayers.map(\.synapseCount), largest: 2, configurations: 8, &rng)
            )
        }
        #expect(summary.configurations > 5_000)
        #expect(summary.tightest > 0.9, "the bound is never approached: the check may be vacuous (\(summary.tightest))")
    }

    /// The sparse factor only ever tightens Eq. 4: Erf with min(N_l − f_l, F_l) is at most Erf with N_l − f_l
    /// (the paper's, computed here from the recurrence (R) of theory.md section 2), equal on the dense expansion of
    /// the same chip (F_l = N_l there), and strictly smaller somewhere (else the factor would be pointless).
    @Test func theSparseFactorIsNeverLooserThanEqFour() {
        var rng = Xoshiro256(seed: 104)
        var tighter = 0
        for _ in 0..<300 {
            let chip = ConvolutionalChips.random(&rng, size: .medium)
            let bound = ErfBound(chip: chip), dense = ErfBound(chip: ConvolutionalChips.denseEquivalent(chip))
            let counts = FaultCounts(
                neurons: chip.widths.map { rng.nextIndex(min($0, 3) + 1) },
                synapses: chip.allLayers.map { rng.nextIndex(min($0.synapseCount, 3) + 1) })
            let paper = paperErf(bound, counts)
            let erf = bound.erf(counts)
            #expect(erf <= paper * (1 + 1e-12))
            #expect(bound.fanOuts == chip.hidden.map(\.maxFanOut) && dense.fanOuts == dense.widths)
            // The dense expansion has the same C_l, w_m and K: its Erf is exactly the paper's.
            #expect(abs(dense.erf(counts) - paper) <= 1e-12 * paper)
            if erf < paper * 0.999 { tighter += 1 }
        }
        #expect(tighter > 50, "tighter in \(tighter) of 300")
    }

    /// Eq. 4 with the synapse terms, N_l − f_l as in the paper: h_l = f_l C_l + (N_l − f_l) K_l w_l h_(l−1) +
    /// s_l K_l w_l C_(l−1), Erf = w_(L+1) (h_L + s_(L+1) C_L).
    private func paperErf(_ b: ErfBound, _ c: FaultCounts) -> Double {
        let sources = [b.inputBound] + b.outputBounds
        var h = 0.0
        for l in 0..<b.depth {
            let slope = b.lipschitz[l] * b.maxAbsWeights[l]
            h = Double(c.neurons[l]) * b.outputBounds[l] + Double(b.widths[l] - c.neurons[l]) * slope * h
                + Double(c.synapses[l]) * slope * sources[l]
        }
        return b.maxAbsWeights[b.depth] * (h + Double(c.synapses[b.depth]) * sources[b.depth])
    }

    /// Every corner of the box when d ≤ 6, else 64 random corners; then three uniform random points.
    private func cornersAndPoints(_ chip: Chip, _ rng: inout Xoshiro256) -> [[Double]] {
        let d = chip.inputCount, (lower, upper) = (chip.inputDomain.lower, chip.inputDomain.upper)
        let masks = d <= 6 ? Array(0..<(1 << d)) : (0..<64).map { _ in rng.nextIndex(1 << d) }
        var points = masks.map { mask in (0..<d).map { mask & (1 << $0) != 0 ? upper : lower } }
        for _ in 0..<3 { points.append((0..<d).map { _ in lower + (upper - lower) * rng.nextUnit() }) }
        return points
    }

    private func check(
        seed: UInt64, drawsPerChip: Int, _ counts: (Chip, inout Xoshiro256) -> ([Int], [Int])
    ) -> (configurations: Int, tightest: Double) {
        var rng = Xoshiro256(seed: seed)
        var configurations = 0
        var tightest = 0.0
        var layersPerFunction = [Activation.Function: Int]()
        var kinds = Set<String>()
        for _ in 0..<Self.chips {
            let chip = ConvolutionalChips.random(&rng, size: .small)
            for layer in chip.hidden {
                if let a = layer.activation { layersPerFunction[a.function, default: 0] += 1 }
                if let c = layer.convolution {
                    kinds.insert("\(c.spatialDimensions)-D")
                    if c.stride.contains(2) { kinds.insert("stride 2") }
                    if c.padding.contains(where: { $0 > 0 }) { kinds.insert("padding") }
                    if c.outputChannels > 1 { kinds.insert("channels") }
                }
            }
            let dense = ConvolutionalChips.denseEquivalent(chip)
            let inputs = cornersAndPoints(chip, &rng)
            let pristine = FaultSet(pristine: chip)
            let nominal = inputs.map { forward(dense, $0, pristine) }
            let bound = ErfBound(chip: chip)
            for _ in 0..<drawsPerChip {
                let (neurons, synapses) = counts(chip, &rng)
                let erf = bound.erf(FaultCounts(neurons: neurons, synapses: synapses))
                for faults in allFaultSets(chip, neurons: neurons, synapses: synapses) {
                    let denseFaults = ConvolutionalChips.denseFaults(faults, chip: chip)
                    var omega = 0.0
                    for (x, expected) in zip(inputs, nominal) {
                        for (a, b) in zip(forward(dense, x, denseFaults), expected) { omega = max(omega, abs(a - b)) }
                    }
                    configurations += 1
                    if erf > 0 { tightest = max(tightest, omega / erf) }
                    #expect(
                        omega <= erf * (1 + Self.slack),
                        "Ω = \(omega) > Erf = \(erf) for \(faults) on \(chip.json.rendered(indent: 0))")
                }
            }
        }
        for function in Activation.Function.allCases {
            #expect(layersPerFunction[function, default: 0] > 40, "\(function) in too few layers: \(layersPerFunction)")
        }
        #expect(kinds == ["1-D", "2-D", "stride 2", "padding", "channels"])
        return (configurations, tightest)
    }
}

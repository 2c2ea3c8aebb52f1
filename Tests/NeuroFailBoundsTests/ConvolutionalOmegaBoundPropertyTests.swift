import NeuroFailBounds
import NeuroFailCore
import NeuroFailTestSupport
import Testing

/// THE property on convolutional chips: Ω_max ≤ Erf (Docs/theory.md, section 17: Theorems A and B with w_m the
/// largest |kernel weight|, N_l the output units, and the sparse factor min(N_l − f_l, F_l)), and for the same crash
/// sets the fault-set bound (sections 11–14) at least what they measurably do.
///
/// Chips from `ConvolutionalChips.random(_:size: .small)`: 1-D (1–2 channels × length 2–4) or 2-D (1 × 2–3 × 2–3)
/// inputs, one or two convolutions (1–3 feature maps, kernels 1–3 per axis, strides 1–2, zero padding drawn per
/// side), half the time a dense hidden layer after them, a dense readout of 1–2 outputs; every activation (relu,
/// sigmoid, tanh, leaky-relu, hard-sigmoid, clip) with its parameters and K in [0.1, 4]; weights N(1, 5²) or
/// N(0, 0.3²); boxes [0, 1+u] or [−1−u, 1+u]. Per chip, three draws of per-layer counts (neurons only, synapses
/// only, both) and every crash set with at most those counts per layer. Inputs: every corner of the box when d ≤ 5,
/// else 24 random corners, and four random points; then, for the chip's crash set with the largest Ω / Erf, the
/// worst-input search from its worst sampled input. Ω from the textbook dense expansion of the chip (`ConvolutionalChips.denseEquivalent`, `denseFaults`) run
/// through a plain forward pass (`PlainChip`), so neither the library's convolution code nor its synapse numbering
/// is used to measure. Slack: a relative 1e-9 for rounding (the fault-set bound carries its own allowance).
struct ConvolutionalOmegaBoundPropertyTests {
    static let chips = 250
    static let slack = 1e-9

    /// Which components a draw crashes.
    enum Kind: String, CaseIterable {
        case neurons, synapses, mixed

        /// Per-layer counts for `chip`, kept small enough that every crash set with at most these counts is run.
        func counts(_ chip: Chip, _ rng: inout Xoshiro256) -> (neurons: [Int], synapses: [Int]) {
            let synapses = chip.allLayers.map(\.synapseCount)
            switch self {
            case .neurons:
                return (drawCounts(chip.widths, largest: 3, configurations: 16, orFewer: true, &rng), synapses.map { _ in 0 })
            case .synapses:
                return (chip.widths.map { _ in 0 }, drawCounts(synapses, largest: 2, configurations: 16, orFewer: true, &rng))
            case .mixed:
                return (
                    drawCounts(chip.widths, largest: 2, configurations: 4, orFewer: true, &rng),
                    drawCounts(synapses, largest: 1, configurations: 4, orFewer: true, &rng)
                )
            }
        }
    }

    @Test func crashesNeverMoveACNNsOutputMoreThanErfOrTheirFaultSetBound() {
        var rng = Xoshiro256(seed: 101)
        var configurations = 0, searches = 0
        var tightest = [Kind: Double]()
        var tightestCertified = 0.0
        var layersPerFunction = [Activation.Function: Int]()
        var shapes = Set<String>()
        for _ in 0..<Self.chips {
            let chip = ConvolutionalChips.random(&rng, size: .small)
            for layer in chip.hidden {
                if let a = layer.activation { layersPerFunction[a.function, default: 0] += 1 }
                if let c = layer.convolution {
                    shapes.insert("\(c.spatialDimensions)-D")
                    if c.stride.contains(2) { shapes.insert("stride 2") }
                    if c.padding.contains(where: { $0 > 0 }) { shapes.insert("padding") }
                    if c.outputChannels > 1 { shapes.insert("channels") }
                }
            }
            let dense = ConvolutionalChips.denseEquivalent(chip)
            let inputs = cornersAndPoints(chip, randomPoints: 4, &rng)
            let pristine = PlainChip(dense, FaultSet(pristine: dense))
            let nominal = inputs.map { pristine($0) }
            let erfBound = ErfBound(chip: chip), faultSetBound = FaultSetBound(chip: chip)
            let search = WorstInputSearch(chip: chip, randomStarts: 1, steps: 20, seed: 7)
            // Rendered only when an expectation fails.
            func context(_ faults: FaultSet) -> String { "\(faults) on \(chip.json.rendered(indent: 0))" }
            // The chip's crash set nearest its Erf, for the search.
            var worst: (kind: Kind, omega: Double, erf: Double, faults: FaultSet, input: [Double])?
            for kind in Kind.allCases {
                let (neuronLimits, synapseLimits) = kind.counts(chip, &rng)
                for neurons in countVectors(neuronLimits) {
                    for synapses in countVectors(synapseLimits) {
                        let erf = erfBound.erf(FaultCounts(neurons: neurons, synapses: synapses))
                        for faults in allFaultSets(chip, neurons: neurons, synapses: synapses) {
                            let faulty = PlainChip(dense, ConvolutionalChips.denseFaults(faults, chip: chip))
                            var omega = 0.0, at = inputs[0]
                            for (x, expected) in zip(inputs, nominal) {
                                let deviation = zip(faulty(x), expected).map { abs($0 - $1) }.max() ?? 0
                                if deviation > omega { (omega, at) = (deviation, x) }
                            }
                            configurations += 1
                            #expect(omega <= erf * (1 + Self.slack), "Ω = \(omega) > Erf = \(erf) for \(context(faults))")
                            let certified = faultSetBound.bound(faults)
                            #expect(certified.admits(omega, .linf), "Ω = \(omega) > certified \(certified.value(.linf)) for \(context(faults))")
                            if erf > 0 { tightest[kind] = max(tightest[kind, default: 0], omega / erf) }
                            if erf > 0, omega / erf > (worst.map { $0.omega / $0.erf } ?? 0) {
                                worst = (kind, omega, erf, faults, at)
                            }
                        }
                    }
                }
            }
            // The search from that set's worst sampled input: it can only find more, and never more than either bound.
            if let worst {
                let certified = faultSetBound.bound(worst.faults)
                let found = search.search(worst.faults, hints: [worst.input] + certified.suggestedInputs).deviation
                searches += 1
                #expect(found >= worst.omega * (1 - 1e-12), "the search starts at the worst sampled input: \(context(worst.faults))")
                #expect(found <= worst.erf * (1 + Self.slack), "found \(found) > Erf = \(worst.erf) for \(context(worst.faults))")
                #expect(certified.admits(found, .linf), "found \(found) > certified \(certified.value(.linf)) for \(context(worst.faults))")
                tightest[worst.kind] = max(tightest[worst.kind, default: 0], found / worst.erf)
                if certified.value(.linf) > 0 { tightestCertified = max(tightestCertified, found / certified.value(.linf)) }
            }
        }
        #expect(configurations > 4_000 && searches > 200, "\(configurations) crash sets, \(searches) searches")
        // Attained, up to rounding, for each kind: the check is not vacuous, and Erf is tight on CNNs too.
        for kind in Kind.allCases {
            #expect(tightest[kind, default: 0] > 0.9, "\(kind): largest Ω / Erf \(tightest[kind, default: 0])")
        }
        #expect(tightestCertified > 0.99, "largest found / certified \(tightestCertified)")
        for function in Activation.Function.allCases {
            #expect(layersPerFunction[function, default: 0] > 40, "\(function) in too few layers: \(layersPerFunction)")
        }
        #expect(shapes == ["1-D", "2-D", "stride 2", "padding", "channels"])
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
}

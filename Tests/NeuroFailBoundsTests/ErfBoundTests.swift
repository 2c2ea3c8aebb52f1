import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailBounds

/// Erf on the hand chip (numbers derived on paper in Docs/theory.md, section 8) and on chips of the reference
/// implementation.
struct ErfBoundTests {
    @Test func handChipConstantsMatchTheDerivationInTheory() throws {
        let bound = ErfBound(chip: try handChip())
        #expect(bound.inputBound == 1)
        #expect(bound.outputBounds == [3, 6])
        #expect(bound.outputBoundMethods == [.intervalPropagation, .intervalPropagation])
        #expect(bound.lipschitz == [1, 1])
        #expect(bound.maxAbsWeights == [2, 2, 2])
        #expect(bound.meanAbsWeights == [1.25, 1.25, 1.5])
        #expect(bound.widths == [2, 2] && bound.synapsesPerMatrix == [4, 4, 2] && bound.neuronCount == 4)
    }

    @Test(arguments: [
        ([1, 0], [0, 0, 0], 24.0, 11.25),
        ([0, 1], [0, 0, 0], 12.0, 9.0),
        ([1, 1], [0, 0, 0], 24.0, 14.625),
        ([2, 0], [0, 0, 0], 48.0, 22.5),
        ([0, 0], [1, 0, 0], 16.0, 4.6875),
        ([0, 0], [0, 1, 0], 12.0, 5.625),
        ([0, 0], [0, 0, 1], 12.0, 9.0),
        ([1, 0], [0, 1, 0], 36.0, 16.875),
        ([0, 0], [0, 0, 0], 0.0, 0.0),
    ])
    func handChipErfMatchesTheDerivationInTheory(
        neurons: [Int], synapses: [Int], erf: Double, erfAverage: Double
    ) throws {
        let bound = ErfBound(chip: try handChip())
        let counts = FaultCounts(neurons: neurons, synapses: synapses)
        #expect(bound.erf(counts) == erf)
        #expect(bound.erf(counts, .mean) == erfAverage)
    }

    @Test(arguments: [reluChip, sigmoidChip, mixedChip])
    func agreesWithTheReferenceImplementation(reference: ReferenceCase) throws {
        let bound = ErfBound(chip: try decodeChip(reference.json))
        #expect(bound.outputBounds.count == reference.outputBounds.count)
        for (ours, theirs) in zip(bound.outputBounds, reference.outputBounds) {
            #expect(close(ours, theirs), "C_l \(ours) vs reference \(theirs)")
        }
        for (f, erf, erfAverage) in reference.rows {
            let counts = FaultCounts(neurons: f)
            #expect(close(bound.erf(counts), erf), "Erf at f = \(f)")
            #expect(close(bound.erf(counts, .mean), erfAverage), "Erf_av at f = \(f)")
        }
    }

    @Test func eachHiddenLayerUsesItsOwnLipschitzConstantAndBoundMethod() throws {
        let bound = ErfBound(chip: try decodeChip(mixedChip.json))
        #expect(bound.lipschitz == [0.5, 2.5, 3.0])
        #expect(bound.outputBoundMethods == [.intervalPropagation, .sigmoidRange, .intervalPropagation])
        #expect(bound.inputBound == 2)
    }

    @Test func erfAverageNeverExceedsErf() {
        var rng = Xoshiro256(seed: 7)
        for _ in 0..<200 {
            let (chip, counts) = randomChipAndCounts(&rng)
            let bound = ErfBound(chip: chip)
            #expect(bound.erf(counts, .mean) <= bound.erf(counts))
        }
    }

    @Test func neuronAndSynapseTermsAddUp() throws {
        let bound = ErfBound(chip: try decodeChip(reluChip.json))
        let neurons = FaultCounts(neurons: [1, 2, 0])
        var synapses = FaultCounts.none(depth: 3)
        synapses.synapses = [2, 0, 1, 3]
        let both = FaultCounts(neurons: [1, 2, 0], synapses: [2, 0, 1, 3])
        #expect(close(bound.erf(both), bound.erf(neurons) + bound.terms(both).synapses.reduce(0, +)))
        // Synapse terms use the same downstream factors as neuron terms, so they depend on the neuron crashes.
        #expect(bound.erf(synapses) > bound.terms(both).synapses.reduce(0, +))
    }

    /// Certified Erf raises every rounded product and sum: never below Erf, and on the hand chip (whose Erf is exact
    /// in Float64) within a few ulps of it.
    @Test func certifiedErfIsNeverBelowErf() throws {
        var rng = Xoshiro256(seed: 8)
        for _ in 0..<300 {
            let (chip, counts) = randomChipAndCounts(&rng)
            let bound = ErfBound(chip: chip)
            for statistic in [WeightStatistic.max, .mean] {
                #expect(bound.certifiedErf(counts, statistic) >= bound.erf(counts, statistic))
            }
            for (rigorous, nearest) in zip(bound.certifiedOutputBounds, bound.outputBounds) { #expect(rigorous >= nearest) }
        }
        let hand = ErfBound(chip: try handChip())
        let certified = hand.certifiedErf(FaultCounts(neurons: [1, 1], synapses: [1, 1, 1]))
        #expect(certified >= 56 && certified <= 56 * (1 + 1e-13), "theory.md: 56; certified \(certified)")
        #expect(hand.certifiedErf(FaultCounts.none(depth: 2)) == 0)
    }

    /// 0 · ∞ is 0: a factor that is 0 (no crash in a layer) wins over one that overflowed.
    @Test func productOfFactorsIsZeroAsSoonAsOneIs() {
        #expect(ErfBound.product([0, .infinity]) == 0)
        #expect(ErfBound.product([.infinity, 3, 0]) == 0)
        #expect(ErfBound.product([2, 3, 0.5]) == 3)
        #expect(ErfBound.product([1e200, 1e200]) == .infinity)
        #expect(ErfBound.product([]) == 1)
    }

    /// Five sigmoid layers of 2 neurons with weights 1e100: every value stays in Float64's range (sigmoid outputs
    /// are in (0, 1), so the chip loads), but the downstream factors D_1 = w^(6)·(2·1·1e100)⁴ and D_2 overflow.
    /// A crash in layer 1 or 2 gives Erf = +∞, never NaN; a crash in layer 3 gives C_3·D_3 = 1e100·(2e100)² = 4e300;
    /// layers without crashes contribute exactly 0 even where D_l is +∞.
    @Test func anOverflowingErfIsInfinityNotNaN() throws {
        let chip = try decodeChip(overflowingChipJSON)
        let bound = ErfBound(chip: chip)
        let early = FaultCounts(neurons: [1, 0, 0, 0, 0])
        #expect(bound.erf(early) == .infinity && bound.certifiedErf(early) == .infinity)
        #expect(bound.erf(FaultCounts(neurons: [0, 1, 0, 0, 0])) == .infinity)
        #expect(bound.erf(FaultCounts(neurons: [0, 0, 0, 0, 0], synapses: [1, 0, 0, 0, 0, 0])) == .infinity)
        let late = FaultCounts(neurons: [0, 0, 1, 0, 0])
        #expect(close(bound.erf(late), 4e300))
        #expect(bound.certifiedErf(late).isFinite && bound.certifiedErf(late) >= bound.erf(late))
        let terms = bound.terms(late)
        #expect(terms.downstreamFactors[0] == .infinity && terms.neurons[0] == 0 && terms.synapses[0] == 0)
        #expect(bound.erf(late, .mean).isFinite)
        #expect(!bound.erf(early, .mean).isNaN)
    }
}

/// Chips/-style JSON of the chip of ``ErfBoundTests/anOverflowingErfIsInfinityNotNaN()``.
let overflowingChipJSON: String = {
    let layer = #"{"weights": [[1e100, 1e100], [1e100, 1e100]], "bias": [0, 0]}"#
    return """
        {"format": "neurofail.chip/1", "name": "overflowing", "inputs": 2, "inputDomain": {"lower": 0, "upper": 1},
         "activation": {"function": "sigmoid", "lipschitz": 1},
         "layers": [\(Array(repeating: layer, count: 5).joined(separator: ", "))],
         "readout": {"weights": [[1e100, 1e100]], "bias": [0]}}
        """
}()

extension ErfBoundTests {
    /// On a sparse chip Erf keeps its expansion's C_l (round to nearest, bit for bit: missing synapses add exact
    /// zeros) and w_m, certified C_l up to the fewer rounding terms of a shorter sum, counts only the synapses that
    /// exist, and takes F_l, the layer's largest fan-out, for N_l in the downstream factors: so it is never above
    /// the expansion's Erf, and equal when every factor is N_l. w_av is the mean |w| over the synapses that exist.
    @Test func aSparseChipsErfKeepsCAndWmAndIsNeverAboveItsDenseExpansions() {
        forEachSparseChip(seed: 142, count: 300) { chip, expansion, rng in
            let bound = ErfBound(chip: chip), dense = ErfBound(chip: expansion)
            #expect(bound.outputBounds == dense.outputBounds && bound.maxAbsWeights == dense.maxAbsWeights)
            for (a, b) in zip(bound.certifiedOutputBounds, dense.certifiedOutputBounds) {
                #expect(a <= b && a >= b * (1 - 1e-12), "certified C_l \(a) vs the expansion's \(b)")
            }
            #expect(bound.synapsesPerMatrix == chip.allLayers.map(\.synapseCount))
            for (l, layer) in chip.allLayers.enumerated() {
                // By hand: the mean over the synapses listed, 0 for a layer without any.
                let mean = layer.weights.isEmpty ? 0 : layer.weights.map(abs).reduce(0, +) / Double(layer.weights.count)
                #expect(bound.meanAbsWeights[l] == mean)
                if l < chip.depth {
                    var fanOut = [Int](repeating: 0, count: layer.inputs)
                    for t in 0..<layer.outputs { layer.forEachIncoming(t) { j, _, _ in fanOut[j] += 1 } }
                    #expect(bound.fanOuts[l] == fanOut.max())
                }
            }
            let counts = FaultCounts(
                neurons: chip.widths.map { rng.nextIndex(min($0, 3) + 1) },
                synapses: chip.allLayers.map { rng.nextIndex(min($0.synapseCount, 3) + 1) })
            for certified in [false, true] {
                let a = certified ? bound.certifiedErf(counts) : bound.erf(counts)
                let b = certified ? dense.certifiedErf(counts) : dense.erf(counts)
                #expect(a <= b, "Erf \(a) above the dense expansion's \(b)")
                if bound.fanOuts == bound.widths, !certified { #expect(a == b) }
            }
        }
    }
}

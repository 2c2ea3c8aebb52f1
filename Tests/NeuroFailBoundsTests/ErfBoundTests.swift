import NeuroFailBounds
import NeuroFailCore
import Testing

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
}

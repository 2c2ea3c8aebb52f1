import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// Everything about one concrete fault set: Erf at its counts, both certified bounds, the worst input found.
struct FaultSetStudyTests {
    /// n1.0 on the hand chip: Erf(1, 0) = 24, Erf_av = 11.25 (theory.md, section 9); the bracket [found, certified]
    /// is [8, 8] once the box is split (FaultSetBoundSplittingTests), and never inverted.
    @Test func handChipNeuronCrashIsBracketedBetweenFoundAndCertified() throws {
        let chip = try handChip()
        let study = FaultSetStudy(chip: chip, faults: FaultSet(neurons: [[0], []]), subdomains: 64, searchStarts: 4)
        #expect(study.erf == 24 && study.erfAverage == 11.25)
        #expect(study.found.deviation == 8)
        #expect(study.certified >= 8 && study.certified <= 8 + 1e-6)
        #expect(study.certified == min(study.intervals.value(.linf), study.linear.value(.linf)))
        #expect(study.linear.subdomains > 1 && study.intervals.subdomains == 1)
        #expect(!study.violated)
    }

    /// Synapses from or into a crashed neuron change nothing and are dropped before anything is counted: n1.0 with
    /// s2.1.0 (from it) and s1.0.1 (into it) is n1.0 alone, Erf 24 and not 24 + 12 + 16.
    @Test func synapsesOfCrashedNeuronsAreNotCounted() throws {
        let chip = try handChip()
        let faults = FaultSet(neurons: [[0], []], synapses: [[0 * 2 + 1], [1 * 2 + 0], []])
        let study = FaultSetStudy(chip: chip, faults: faults, searchStarts: 2)
        #expect(study.faults == FaultSet(neurons: [[0], []]))
        #expect(study.erf == 24)
        #expect(study.found.deviation == 8)
    }

    /// In L¹ over M outputs Erf is M times the per-output Erf; the found deviation is in the same norm.
    @Test func normsScaleErfAndTheSearch() throws {
        let chip = Chip.random(inputs: 2, widths: [3], outputs: 3, activation: .init(.relu, lipschitz: 1), seed: 4)
        let faults = FaultSet(neurons: [[1]])
        let linf = FaultSetStudy(chip: chip, faults: faults, norm: .linf, searchStarts: 4)
        let l1 = FaultSetStudy(chip: chip, faults: faults, norm: .l1, searchStarts: 4)
        #expect(l1.erf == 3 * linf.erf)
        #expect(l1.found.deviation >= linf.found.deviation)
        #expect(l1.certified >= l1.found.deviation && linf.certified >= linf.found.deviation)
        #expect(!l1.violated && !linf.violated)
    }

    /// A box given by the caller is the one every part of the study holds over.
    @Test func aGivenBoxIsUsedByTheBoundsAndTheSearch() throws {
        let chip = try handChip()
        let box = InputBox(lower: [0, 0], upper: [0.5, 0.5], source: "lower-left quarter")
        let study = FaultSetStudy(chip: chip, faults: FaultSet(neurons: [[0], []]), box: box, searchStarts: 8)
        #expect(study.linear.domain == "lower-left quarter" && study.intervals.domain == "lower-left quarter")
        #expect(box.contains(study.found.input))
        // On [0, ½]² n1.0's deviation y₁ − 2·relu(2y₁ − y₂) is −3y₁ + 2y₂ = 1 − 5x₁ − 4x₂ where 2y₁ ≥ y₂ (y₂ > 0
        // on the whole quarter), so −3.5 at (½, ½); elsewhere it is y₁ ≥ 0 with 2y₁ < y₂ ≤ 1, below ½.
        #expect(study.found.deviation == 3.5)
        #expect(study.certified >= 3.5 && study.certified < 8)
    }
}

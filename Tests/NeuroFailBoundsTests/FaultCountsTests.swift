import NeuroFailBounds
import NeuroFailCore
import Testing

struct FaultCountsTests {
    @Test func synapseCountsDefaultToZeroForEveryMatrixIncludingTheReadout() {
        let counts = FaultCounts(neurons: [1, 0, 2])
        #expect(counts.synapses == [0, 0, 0, 0])
        #expect(counts.totalNeurons == 3 && counts.totalSynapses == 0)
        #expect(FaultCounts.none(depth: 2) == FaultCounts(neurons: [0, 0], synapses: [0, 0, 0]))
    }

    @Test func countsOfAFaultSetAreItsPerLayerListLengths() {
        let faults = FaultSet(neurons: [[0, 1], []], synapses: [[3], [], [0, 1]])
        #expect(FaultCounts(faults) == FaultCounts(neurons: [2, 0], synapses: [1, 0, 2]))
    }

    @Test func countsWithinTheChipValidate() throws {
        let chip = try handChip()
        try FaultCounts(neurons: [2, 2], synapses: [4, 4, 2]).validate(for: chip)
        try FaultCounts(neurons: [0, 0]).validate(for: chip)
    }

    @Test(arguments: [
        (FaultCounts(neurons: [1]), BoundsError.neuronListLength(given: 1, expected: 2)),
        (FaultCounts(neurons: [1, 0], synapses: [0, 0]), .synapseListLength(given: 2, expected: 3)),
        (FaultCounts(neurons: [3, 0]), .neuronCountOutOfRange(layer: 1, count: 3, width: 2)),
        (FaultCounts(neurons: [0, -1]), .neuronCountOutOfRange(layer: 2, count: -1, width: 2)),
        (
            FaultCounts(neurons: [0, 0], synapses: [5, 0, 0]), .synapseCountOutOfRange(layer: 1, count: 5, available: 4)
        ),
        (
            FaultCounts(neurons: [0, 0], synapses: [0, 0, 3]), .synapseCountOutOfRange(layer: 3, count: 3, available: 2)
        ),
    ])
    func invalidCountsAreRejectedWithTheFirstProblem(counts: FaultCounts, expected: BoundsError) throws {
        let chip = try handChip()
        #expect(throws: expected) { try counts.validate(for: chip) }
        #expect(throws: expected) { try ErfBound(chip: chip).validate(counts) }
    }
}

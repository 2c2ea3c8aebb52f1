import NeuroFailCore

/// Makes ``MessageLevelChipEvaluator``s of one chip on one batch: each builds its own network of processes.
public struct MessageLevelEvaluatorFactory: ChipEvaluatorFactory {
    /// The chip evaluated.
    public let chip: Chip
    /// The batch.
    public let inputs: InputBatch
    /// `reference`.
    public let name = "reference"

    /// A factory for `chip` on `inputs`.
    ///
    /// - Throws: ``KernelError/inputDimension(expected:got:)`` if the inputs do not have d values.
    public init(chip: Chip, inputs: InputBatch) throws(KernelError) {
        guard inputs.dimension == chip.inputCount else {
            throw .inputDimension(expected: chip.inputCount, got: inputs.dimension)
        }
        self.chip = chip
        self.inputs = inputs
    }

    /// A network of the pristine chip.
    public func makeEvaluator() -> any ChipEvaluator { MessageLevelChipEvaluator(chip: chip, inputs: inputs) }
}

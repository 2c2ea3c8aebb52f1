import NeuroFailCore

/// Makes ``DenseChipEvaluator``s of one chip on one batch: the pristine activations of the batch and the chip's
/// fan-out lists are computed once here and shared by every evaluator (and thread).
public struct DenseEvaluatorFactory: ChipEvaluatorFactory {
    /// The chip evaluated.
    public var chip: Chip { evaluator.chip }
    /// The batch.
    public var inputs: InputBatch { prepared.inputs }
    /// `fast`.
    public let name = "fast"
    let evaluator: Evaluator
    let prepared: Evaluator.PreparedBatch
    let fanOut: FanOutLists
    /// Workers of each evaluation (nil: all cores); 1 when runs are already spread over the cores.
    public let threads: Int?

    /// Prepares `inputs` on `chip` (with `preparationThreads` workers) for evaluators that use `threads` workers.
    ///
    /// Precondition: `inputs.dimension == chip.inputCount`.
    public init(chip: Chip, inputs: InputBatch, threads: Int? = nil, preparationThreads: Int? = nil) {
        precondition(inputs.dimension == chip.inputCount, "inputs have \(inputs.dimension) numbers, the chip takes \(chip.inputCount)")
        evaluator = Evaluator(chip: chip)
        prepared = evaluator.prepare(inputs, threads: preparationThreads ?? threads)
        fanOut = FanOutLists(evaluator.layers)
        self.threads = threads
    }

    /// A dense evaluator of the pristine chip.
    public func makeEvaluator() -> any ChipEvaluator {
        DenseChipEvaluator(evaluator: evaluator, prepared: prepared, fanOut: fanOut, threads: threads)
    }
}

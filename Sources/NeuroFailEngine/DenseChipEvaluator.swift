import NeuroFailCore

/// The dense engine as a ``NeuroFailCore/ChipEvaluator``: the chip's condition is a ``NeuroFailCore/FaultSet``, and
/// each evaluation recomputes, from the workload's pristine activations, only what the faults change
/// (``Evaluator/outputs(_:faults:threads:)``). Made by a ``DenseEvaluatorFactory``; one per mission run.
public final class DenseChipEvaluator: ChipEvaluator {
    /// The chip as designed.
    public var chip: Chip { evaluator.chip }
    /// The condition so far.
    public private(set) var faults: FaultSet
    let evaluator: Evaluator
    let prepared: Evaluator.PreparedBatch
    let threads: Int?

    init(evaluator: Evaluator, prepared: Evaluator.PreparedBatch, threads: Int?) {
        self.evaluator = evaluator
        self.prepared = prepared
        self.threads = threads
        faults = FaultSet(pristine: evaluator.chip)
    }

    /// Changes one component's condition in the fault set.
    public func apply(_ change: ComponentChange) {
        precondition(FaultSet.isValid(change, for: chip), "\(change) does not fit chip \"\(chip.name)\"")
        faults.apply(change, chip: chip)
    }

    /// The outputs on the prepared batch under the present faults.
    public func outputs() -> [Double] {
        evaluator.outputs(prepared, faults: faults, threads: threads)
    }

    /// One inference under the present faults and `upset`, by the plain forward pass (``Evaluator/output(for:faults:)``,
    /// the same bytes as the batched path's row); the condition is not changed.
    public func outputs(input: Int, upset: ComponentChange?) -> [Double] {
        var condition = faults
        if let upset {
            precondition(FaultSet.isValid(upset, for: chip), "\(upset) does not fit chip \"\(chip.name)\"")
            condition.apply(upset, chip: chip)
        }
        return evaluator.output(for: Array(prepared.inputs.row(input)), faults: condition)
    }
}

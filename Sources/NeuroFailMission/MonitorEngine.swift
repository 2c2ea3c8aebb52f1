import NeuroFailCore
import NeuroFailEngine
import NeuroFailKernel

/// Which evaluator the monitor uses: both give the same outputs (a test holds them equal), at very different cost.
public enum MonitorEngine: String, Sendable, Hashable, CaseIterable {
    /// The batched dense engine (NeuroFailEngine): fast.
    case fast
    /// The message-level discrete-event simulation (NeuroFailKernel): every neuron and synapse a process; the
    /// reference semantics, slow.
    case reference

    /// The factory of this engine's evaluators of `chip` on `workload` (`threads` workers per evaluation; nil: all
    /// cores).
    ///
    /// - Throws: ``NeuroFailKernel/KernelError/inputDimension(expected:got:)`` if the workload does not fit the chip.
    public func factory(chip: Chip, workload: InputBatch, threads: Int? = nil) throws(KernelError) -> any ChipEvaluatorFactory {
        guard workload.dimension == chip.inputCount else {
            throw .inputDimension(expected: chip.inputCount, got: workload.dimension)
        }
        switch self {
        case .fast: return DenseEvaluatorFactory(chip: chip, inputs: workload, threads: threads)
        case .reference: return try MessageLevelEvaluatorFactory(chip: chip, inputs: workload)
        }
    }
}

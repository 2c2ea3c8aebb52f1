/// A chip whose components can change condition, evaluated on a fixed batch of inputs: the interface through which
/// a mission watches its chip without knowing how it is computed.
///
/// Two implementations, one meaning (tests hold them equal): the neuron and synapse processes of the message-level
/// kernel (`NeuroFailKernel.MessageLevelChipEvaluator`, the reference semantics) and the dense batched engine
/// (`NeuroFailEngine.DenseChipEvaluator`). It is the Process / ProcessModel split of Lava: one chip process, two
/// models of it. An instance is stateful (the conditions applied so far) and not shared between threads: make one
/// per mission run with a ``ChipEvaluatorFactory``.
public protocol ChipEvaluator: AnyObject {
    /// The chip as designed.
    var chip: Chip { get }
    /// The condition the changes applied so far leave the chip in (what the bounds analyse).
    var faults: FaultSet { get }
    /// Changes the condition of the component `change` names; only that component's state changes (nothing is
    /// rebuilt).
    ///
    /// Precondition: the component exists on the chip (``FaultSet/isValid(_:for:)`` checks a change).
    func apply(_ change: ComponentChange)
    /// The chip's outputs on the batch in its present condition: `count × M` numbers, row-major.
    func outputs() -> [Double]
    /// The M outputs of one inference, on input `input` of the batch, in the present condition with `upset` (nil:
    /// none) applied to that inference only: a transient upset of one component's message. Afterwards the condition
    /// is what it was (the kernel restores the component, ``ComponentState``'s `transient`; the dense engine never
    /// changes it).
    ///
    /// Preconditions: `input` is in the batch; `upset`, if given, is a neuron stuck at a value (`.neuron(_, .stuck)`:
    /// it sends that value) or a synapse's weight (`.weight`: it delivers with that weight) of a component working as
    /// designed in ``faults`` (a faulty one is already wrong, and the kernel would restore it as working).
    func outputs(input: Int, upset: ComponentChange?) -> [Double]
}

/// Makes ``ChipEvaluator``s of one chip on one batch of inputs, sharing whatever can be computed once (the dense
/// engine's pristine activations). A value shared across threads.
public protocol ChipEvaluatorFactory: Sendable {
    /// The chip evaluated.
    var chip: Chip { get }
    /// The inputs every evaluator it makes is evaluated on.
    var inputs: InputBatch { get }
    /// A short name for reports: `fast` or `reference`.
    var name: String { get }
    /// A new evaluator of the pristine chip.
    func makeEvaluator() -> any ChipEvaluator
}

import NeuroFailCore

/// The message-level chip as a ``NeuroFailCore/ChipEvaluator``: one ``ChipNetwork`` of neuron and synapse processes,
/// built once, whose processes change state when a fault hits them (``ChipNetwork/setState(_:of:)-(_,NeuronID)``);
/// an evaluation runs every input of the batch through the rounds of messages. The reference semantics, slow.
/// Made by a ``MessageLevelEvaluatorFactory``; one per mission run.
///
/// A neuron's process state follows its condition: crashed, stuck at c (``ComponentState/stuckAt(_:)``: it sends c)
/// or alive. A synapse's: crashed, or, when its stored weight reads ŵ, ``ComponentState/stuckAt(_:)`` ŵ (it
/// delivers ŵ × what it carries), or alive.
public final class MessageLevelChipEvaluator: ChipEvaluator {
    /// The processes.
    public let network: ChipNetwork
    /// The batch evaluated.
    public let inputs: InputBatch
    /// The condition so far.
    public private(set) var faults: FaultSet

    /// The chip as designed.
    public var chip: Chip { network.chip }

    /// A network of `chip` evaluated on `inputs`. Precondition: `inputs.dimension == chip.inputCount`.
    public init(chip: Chip, inputs: InputBatch) {
        precondition(inputs.dimension == chip.inputCount, "inputs have \(inputs.dimension) numbers, the chip takes \(chip.inputCount)")
        network = ChipNetwork(chip: chip)
        self.inputs = inputs
        faults = FaultSet(pristine: chip)
    }

    /// Changes the state of the one process the change names.
    public func apply(_ change: ComponentChange) {
        precondition(FaultSet.isValid(change, for: chip), "\(change) does not fit chip \"\(chip.name)\"")
        faults.apply(change, chip: chip)
        // The component exists (checked above), so the network accepts it.
        switch change {
        case let .neuron(id, _): try? network.setState(state(of: id), of: id)
        case let .synapse(id, _), let .weight(id, _): try? network.setState(state(of: id), of: id)
        }
    }

    /// Runs every input through the network.
    public func outputs() -> [Double] {
        // The batch was checked against the chip at init.
        (try? network.infer(inputs)) ?? []
    }

    /// One inference of input `input` through the network, with `upset` as the one component's
    /// ``ComponentState/transient(_:)`` state: the network restores it when the inference ends.
    public func outputs(input: Int, upset: ComponentChange?) -> [Double] {
        switch upset {
        case let .neuron(id, .stuck(value))?:
            precondition(state(of: id) == .alive, "an upset of \(id), which is not working as designed")
            try? network.setState(.transient(value), of: id)
        case let .weight(id, value)?:
            precondition(state(of: id) == .alive, "an upset of \(id), which is not working as designed")
            try? network.setState(.transient(value), of: id)
        case nil:
            break
        case let other?:
            preconditionFailure("\(other) is not a transient upset (a neuron's value or a synapse's weight)")
        }
        // The batch was checked against the chip at init.
        return (try? network.infer(Array(inputs.row(input)))) ?? []
    }

    private func state(of id: NeuronID) -> ComponentState {
        if faults.neurons[id.layer - 1].contains(id.index) { return .crashed }
        if let e = faults.stuck[id.layer - 1].first(where: { $0.index == id.index }) { return .stuckAt(e.value) }
        return .alive
    }

    private func state(of id: SynapseID) -> ComponentState {
        guard let flat = chip.synapseIndex(id) else { return .alive }
        if faults.synapses[id.layer - 1].contains(flat) { return .crashed }
        if let e = faults.weights[id.layer - 1].first(where: { $0.index == flat }) { return .stuckAt(e.value) }
        return .alive
    }
}

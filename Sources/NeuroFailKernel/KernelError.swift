import NeuroFailCore

/// Why a ``ChipNetwork`` refused a request: the request does not fit the chip.
public enum KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input with the wrong number of values.
    case inputDimension(expected: Int, got: Int)
    /// A neuron that the chip does not have (hidden layers are 1...L).
    case noSuchNeuron(NeuronID)
    /// A synapse that the chip does not have (weight matrices are 1...L+1).
    case noSuchSynapse(SynapseID)
    /// A fault set shaped for another chip, or with an index out of range.
    case faultSetDoesNotFit(chipName: String)

    /// A one-line message for people.
    public var description: String {
        switch self {
        case let .inputDimension(expected, got): "input has \(got) values, the chip takes \(expected)"
        case let .noSuchNeuron(id): "the chip has no neuron \(id) (hidden layers are 1...L)"
        case let .noSuchSynapse(id): "the chip has no synapse \(id)"
        case let .faultSetDoesNotFit(name): "the fault set does not fit chip \"\(name)\""
        }
    }
}

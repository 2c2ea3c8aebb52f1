/// A change in the condition of one component of a chip: what a fault, a repair or a recovery does to it. The one
/// vocabulary that both evaluators (``ChipEvaluator``) and the bounds understand; a ``FaultSet`` is the condition
/// that a sequence of changes leaves the chip in (``FaultSet/apply(_:chip:)``).
public enum ComponentChange: Sendable, Hashable, CustomStringConvertible {
    /// How a hidden neuron behaves.
    public enum NeuronCondition: Sendable, Hashable {
        /// As designed: y = φ(Σ + b).
        case alive
        /// Crashed (paper Def. 2): it sends nothing, so its receivers count 0.
        case crashed
        /// Stuck: it sends this value (finite) every inference, whatever it receives (e.g. saturated).
        case stuck(Double)
    }

    /// Hidden neuron `id` (layer 1...L) now behaves as `condition`.
    case neuron(NeuronID, NeuronCondition)
    /// Synapse `id` (layer 1...L+1) now delivers nothing (`crashed: true`) or delivers again (`false`).
    case synapse(SynapseID, crashed: Bool)
    /// The stored weight of synapse `id` now reads `value` (finite): a bit flipped in weight memory, or a scrub
    /// writing the design value back.
    case weight(SynapseID, Double)

    /// `n2.5 crashed`, `n1.0 stuck 1.5`, `s3.0.7 alive`, `s1.2.3 weight -0.25`.
    public var description: String {
        switch self {
        case let .neuron(id, .alive): return "\(id) alive"
        case let .neuron(id, .crashed): return "\(id) crashed"
        case let .neuron(id, .stuck(v)): return "\(id) stuck \(v)"
        case let .synapse(id, crashed): return "\(id) \(crashed ? "crashed" : "alive")"
        case let .weight(id, v): return "\(id) weight \(v)"
        }
    }
}

/// The condition of one neuron or synapse of a ``ChipNetwork``.
///
/// An enum so that fault kinds can be added one case at a time; each process switches over it where it computes.
/// The payload of the corrupting cases replaces the quantity the component stores:
/// a neuron's output y, or a synapse's weight w.
public enum ComponentState: Sendable, Hashable {
    /// Working as designed.
    case alive
    /// Crashed (paper Def. 2): a neuron sends nothing, so its receivers count 0; a synapse delivers nothing.
    case crashed
    /// Stuck at a value, permanently: a neuron sends this value every round whatever it receives; a synapse
    /// delivers this value times what it carries (its weight is stuck).
    case stuckAt(Double)
    /// Corrupted for the next inference only (a single-event upset), as `stuckAt` would be; the component is
    /// ``alive`` again once that inference ends.
    case transient(Double)

    /// Whether the component sends or delivers nothing.
    public var isCrashed: Bool { self == .crashed }
}

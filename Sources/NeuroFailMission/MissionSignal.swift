import NeuroFailCore

/// What the processes of a mission send each other: the payload of its kernel `Environment`
/// (``MissionSimulation``).
public enum MissionSignal: Sendable, Hashable {
    /// A failure model's fault, sent to the chip at the time it happens.
    case failure(FailureEvent)
    /// A recovery process's action, sent to the chip at the time it happens.
    case recovery(RecoveryEvent)
    /// The chip's condition after `cause`, sent to the monitor: `changed` is false when the cause changed nothing
    /// (a synapse into a neuron already dead).
    case changed(TimelineRow.Cause, changed: Bool)
    /// The chip tells the power-cycle process that core `core` latched up and is down (a `core-outage`).
    case outage(core: Int)
    /// The monitor tells the spare process that it sees neuron `neuron` dead (crashed or stuck).
    case dead(NeuronID)
}

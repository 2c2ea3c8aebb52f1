/// What the processes of a mission send each other: the payload of its kernel `Environment`
/// (``MissionSimulation``).
public enum MissionSignal: Sendable, Hashable {
    /// A failure model's fault, sent to the chip at the time it happens.
    case failure(FailureEvent)
    /// The chip's condition after `cause`, sent to the monitor: `changed` is false when the cause changed nothing
    /// (a synapse into a neuron already dead).
    case changed(TimelineRow.Cause, changed: Bool)
}

import NeuroFailCore

/// One line of a mission's timeline: a checkpoint, or the moment right after a failure or a recovery, with the
/// failures in force and what the monitor saw.
public struct TimelineRow: Sendable, Hashable {
    /// Why the row exists.
    public enum Cause: Sendable, Hashable {
        /// A periodic checkpoint of the scenario.
        case checkpoint
        /// A failure just happened (the row shows the chip right after it).
        case failure(FailureEvent)
        /// A recovery process just acted (the row shows the chip right after it).
        case recovery(RecoveryEvent)
    }

    /// Mission time in years since launch.
    public var time: Double
    public var cause: Cause
    /// Neurons not working as designed per hidden layer at this time: crashed or stuck (f_1...f_L for crashes only;
    /// a neuron down with its core during an outage counts until the power cycle, a spared one no longer).
    public var neuronsFailed: [Int]
    /// Crashed synapses per weight matrix at this time (s_1...s_(L+1)), as recorded, including those made irrelevant
    /// by a crashed neuron (Erf counts only the effective ones).
    public var synapsesFailed: [Int]
    /// The monitor's measurement and bounds: of the chip at this row when ``observed``, else the last measurement
    /// (the chip has changed since, unmeasured: ``MonitorSchedule/checkpoints``).
    public var observation: Observation
    /// Whether ``observation`` measures the chip as it is at this row: always, except for the rows of changes between
    /// the checkpoints of a mission observed at checkpoints only.
    public var observed: Bool
    /// On the row of a transient upset (`transient`), what it did to the inference it hit, measured (no bound
    /// covers it; the observation is the chip's condition, which the upset leaves as it was). nil on every other row.
    public var upset: Monitor.UpsetEffect?

    public init(
        time: Double, cause: Cause, neuronsFailed: [Int], synapsesFailed: [Int], observation: Observation,
        upset: Monitor.UpsetEffect? = nil, observed: Bool = true
    ) {
        self.observed = observed
        self.time = time
        self.cause = cause
        self.neuronsFailed = neuronsFailed
        self.synapsesFailed = synapsesFailed
        self.observation = observation
        self.upset = upset
    }
}

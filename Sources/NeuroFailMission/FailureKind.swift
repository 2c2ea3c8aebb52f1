/// The cause of a permanent failure, written in the `kind` column of traces.
public enum FailureKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Single-event latch-up from radiation (``RadiationLatchupModel``): the component is destroyed.
    case latchup
    /// End-of-life wear-out (``WeibullWearoutModel``).
    case wearout
    /// Latch-up in a core's shared circuitry (``CoreLatchupModel``): every neuron of the core and every synapse into
    /// them fail at once.
    case coreLatchup = "core-latchup"
    /// A failure replayed from an external trace that gives no cause.
    case replay

    /// By trace name (a fixed order for sorting events that tie on time and component).
    public static func < (a: FailureKind, b: FailureKind) -> Bool { a.rawValue < b.rawValue }
}

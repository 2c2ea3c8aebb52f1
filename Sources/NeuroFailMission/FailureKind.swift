/// The cause of a failure, written in the `kind` column of traces. `stuck-at`, `seu`, `core-outage` and `transient`
/// are not crashes: a neuron held at a value, one bit of a stored weight flipped (until a scrub), a core down until
/// its power cycle, one inference's message lost.
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
    /// A neuron's output held at a value (``StuckAtModel``), permanently: the event's ``FailureEvent/value``.
    case stuckAt = "stuck-at"
    /// A single-event upset in weight memory (``BitFlipModel``): bit ``FailureEvent/value`` of the synapse's stored
    /// weight flips; it reads the flipped value until a scrub rewrites it. A weight may flip many times.
    case bitFlip = "seu"
    /// A recoverable latch-up of a core (``CoreLatchupModel`` with a permanent-damage probability): the core is down,
    /// as with `core-latchup`, until a power cycle restores it (the scenario's `recovery.powerCycleHours`).
    case coreOutage = "core-outage"
    /// A transient upset of one inference's messages (``TransientUpsetModel``): the neuron or synapse's message of
    /// the inference on workload input ``FailureEvent/value`` reads 0, and the component is as before afterwards.
    /// Measured, not bounded.
    case transient

    /// Whether the failure is permanent, so a component fails this way at most once: not an upset or an outage.
    public var isPermanent: Bool { self != .bitFlip && self != .coreOutage && self != .transient }
    /// Whether the kind carries a ``FailureEvent/value`` (the stuck value, the bit, the input an upset hits).
    public var hasValue: Bool { self == .stuckAt || self == .bitFlip || self == .transient }

    /// By trace name (a fixed order for sorting events that tie on time and component).
    public static func < (a: FailureKind, b: FailureKind) -> Bool { a.rawValue < b.rawValue }
}

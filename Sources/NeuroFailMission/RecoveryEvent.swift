import NeuroFailCore

/// One recovery during a mission: what a recovery process did to the chip at mission time `time` (years since
/// launch). Recoveries are not in the failure trace: they follow from the failures and the scenario's `recovery`
/// (``RecoveryPlan``), so a replayed trace gets them again.
public struct RecoveryEvent: Sendable, Hashable, CustomStringConvertible {
    /// What recovered.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The scrubbing process rewrote weight memory: every flipped bit reads its designed value again.
        case scrub
        /// A core's power domain was cycled after a latch-up (`core-outage`): its neurons and the synapses into them
        /// work again, except those that failed permanently on their own.
        case powerCycle = "power-cycle"
        /// A spare neuron took the place of a dead one (crashed or stuck): it computes the neuron's function with
        /// the neuron's connections (``SpareProvisioning/scheme``).
        case spare
    }

    /// Years since launch.
    public let time: Double
    /// The core power-cycled, the neuron spared; nil for a scrub (the whole weight memory).
    public let component: Component?
    public let kind: Kind

    /// An event; `time` in years since launch.
    public init(time: Double, component: Component?, kind: Kind) {
        self.time = time
        self.component = component
        self.kind = kind
    }

    /// What the timeline's `component` column shows: the component, or `memory` for a scrub.
    public var componentName: String { component?.description ?? "memory" }

    /// `2.5 core3 power-cycle`.
    public var description: String { "\(time) \(componentName) \(kind.rawValue)" }
}

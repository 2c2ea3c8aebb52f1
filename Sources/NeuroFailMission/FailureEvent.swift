import NeuroFailCore

/// One failure: `component` fails at mission time `time` (years since launch) for reason `kind` (a crash unless
/// the kind says otherwise, ``FailureKind``), with the kind's `value` (a stuck value, a bit number; nil for others).
///
/// Invariant kept by every model: `time` is finite, `0 ≤ time ≤` the mission duration. Events order by time, then
/// component, then kind, so a merged schedule has one deterministic order.
public struct FailureEvent: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Years since the start of the mission.
    public let time: Double
    /// What fails.
    public let component: Component
    /// Why it fails.
    public let kind: FailureKind
    /// `stuck-at`: the value the neuron sends (finite); `seu`: the bit that flips (0 = least significant, below
    /// the storage's bits per weight); `transient`: the workload input (0-based) whose inference the upset hits; nil
    /// for every other kind.
    public let value: Double?

    /// An event; `time` in years since the mission start.
    public init(time: Double, component: Component, kind: FailureKind, value: Double? = nil) {
        self.time = time
        self.component = component
        self.kind = kind
        self.value = value
    }

    /// By time, then component, then kind, then value.
    public static func < (a: FailureEvent, b: FailureEvent) -> Bool {
        (a.time, a.component, a.kind, a.value ?? -.infinity) < (b.time, b.component, b.kind, b.value ?? -.infinity)
    }

    /// `1.25 n2.5 latchup`, `2 s1.0.3 seu 7`.
    public var description: String {
        "\(time) \(component) \(kind.rawValue)" + (value.map { " \(JSONValue.format($0))" } ?? "")
    }

    /// The events of several models as one schedule: sorted, keeping only the first permanent failure of each
    /// component (a crash is permanent, so a later failure of the same component changes nothing); upsets and
    /// outages, which pass, are all kept, up to the component's permanent failure.
    public static func merged(_ events: [FailureEvent]) -> [FailureEvent] {
        var seen = Set<Component>()
        var out = [FailureEvent]()
        for event in events.sorted() where !seen.contains(event.component) {
            if event.kind.isPermanent { seen.insert(event.component) }
            out.append(event)
        }
        return out
    }
}

/// One permanent failure: `component` crashes at mission time `time` (years since launch) for reason `kind`.
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

    /// An event; `time` in years since the mission start.
    public init(time: Double, component: Component, kind: FailureKind) {
        self.time = time
        self.component = component
        self.kind = kind
    }

    /// By time, then component, then kind.
    public static func < (a: FailureEvent, b: FailureEvent) -> Bool {
        (a.time, a.component, a.kind) < (b.time, b.component, b.kind)
    }

    /// `1.25 n2.5 latchup`.
    public var description: String { "\(time) \(component) \(kind.rawValue)" }

    /// The events of several models as one schedule: sorted, keeping only the first failure of each component
    /// (a crash is permanent, so a later failure of the same component changes nothing).
    public static func merged(_ events: [FailureEvent]) -> [FailureEvent] {
        var seen = Set<Component>()
        var out = [FailureEvent]()
        for event in events.sorted() where seen.insert(event.component).inserted {
            out.append(event)
        }
        return out
    }
}

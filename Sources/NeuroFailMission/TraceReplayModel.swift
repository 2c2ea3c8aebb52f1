import NeuroFailCore

/// Failures given exactly by a trace (recorded by an earlier mission, or written by hand): no randomness.
///
/// Scenario form: `{"model": "trace", "file": "storm-2031.csv"}`, the file relative to the scenario's folder and
/// checked against the chip, the core map and the mission length when the scenario is read.
public struct TraceReplayModel: FailureModel, Hashable {
    /// `trace`.
    public static let tag = "trace"
    /// The trace replayed.
    public let trace: FailureTrace

    /// A model replaying `trace`.
    public init(trace: FailureTrace) { self.trace = trace }

    /// The trace's events up to the mission's end, sorted; `rng` is not used.
    public func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent] {
        trace.events.filter { $0.time <= environment.durationYears }.sorted()
    }
}

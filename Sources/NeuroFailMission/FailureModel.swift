import NeuroFailCore

/// A source of permanent failures over mission time.
///
/// A model is a value (its parameters); it draws its failures from a generator it is given, so a seed gives the same
/// events on every machine. Models that depend on space weather read it from the ``SpaceEnvironment``, which is
/// sampled once per run and shared by all models (the same storms hit every component).
public protocol FailureModel: Sendable {
    /// The model's tag in scenario files, e.g. `radiation-latchup`.
    static var tag: String { get }

    /// The failures this model causes on `chip` during the mission described by `environment`
    /// (`0...environment.durationYears`, in years), at most one per component, sorted by time.
    ///
    /// - Parameters:
    ///   - chip: the chip flown.
    ///   - cores: which neurons share a core (for core-level models).
    ///   - environment: the mission's duration, solar-cycle phase and storm intervals.
    ///   - rng: the model's own random stream.
    func failures(
        chip: Chip, cores: CoreMap, environment: SpaceEnvironment, rng: inout Xoshiro256
    ) -> [FailureEvent]
}

extension FailureModel {
    /// The model's tag in scenario files (``FailureModel/tag``), for an `any FailureModel`.
    public var tag: String { Self.tag }
}

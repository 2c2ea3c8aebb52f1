/// One solar particle event during a mission: rates are multiplied by `multiplier` for mission times in
/// `start..<end` (years since launch).
public struct StormInterval: Sendable, Hashable {
    /// Start, in years since launch.
    public let start: Double
    /// End (exclusive), in years since launch; `end > start`.
    public let end: Double
    /// The factor on radiation rates during the storm (≥ 1).
    public let multiplier: Double

    /// A storm from `start` to `end` (years since launch).
    public init(start: Double, end: Double, multiplier: Double) {
        self.start = start
        self.end = end
        self.multiplier = multiplier
    }

    /// Whether mission time `t` falls in the storm.
    public func contains(_ t: Double) -> Bool { t >= start && t < end }
}

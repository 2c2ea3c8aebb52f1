import NeuroFailCore

/// When the monitor evaluates the chip (a scenario's `observe`).
///
/// A simulator can afford to look at the chip the moment after every fault; a chip of 10⁶ neurons that loses a few
/// a day cannot (each look is a forward pass of the workload over 10⁸ synapses), and neither can the satellite: its
/// health check runs the test workload at a cadence. With ``checkpoints`` the monitor evaluates at each checkpoint
/// the chip has changed since its last look, and the rows of the faults and recoveries in between record what
/// happened without a measurement (empty measure cells in `timeline.csv`). Then:
/// - excursions that start and end between two checkpoints (an upset scrubbed within the day, an outage
///   power-cycled within the hour) are seen only if they straddle a checkpoint;
/// - a budget exceedance seen at a checkpoint is dated at the first change since the look before it (the earliest
///   moment it can have begun), so lives and R(t) stay on the safe side of the truth;
/// - bound violations and estimator misses are counted over the rows that were measured.
public enum MonitorSchedule: String, Sendable, Hashable, CaseIterable {
    /// After every change of the chip's condition, and at every checkpoint (the default).
    case changes
    /// At the checkpoints only (`checkpointYears` is then the cadence of the health check).
    case checkpoints

    /// The scenario's `observe` field: `changes` when absent.
    static func decode(_ field: JSONField) throws(InputError) -> MonitorSchedule {
        guard field.isPresent else { return .changes }
        let text = try field.string()
        guard let schedule = MonitorSchedule(rawValue: text) else {
            let known = allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            throw field.invalid("unknown schedule \"\(text)\", expected \(known)")
        }
        return schedule
    }
}

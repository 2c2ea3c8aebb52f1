import NeuroFailCore

/// How a mission recovers from faults: the scenario's `recovery` object (Docs/scenario-format.md). Each part, when
/// given, is a recovery process of the mission (``ScrubProcess``, ``PowerCycleProcess``, ``SpareProcess``).
///
/// Invariants (checked by ``decode(_:chip:)``): periods > 0 and delays ≥ 0, finite; `spares.count == L` and
/// `0 ≤ spares[l] ≤ N_l`.
public struct RecoveryPlan: Sendable, Hashable {
    /// Years between two scrubs of weight memory (the first at one period after launch); nil: flipped bits stay
    /// flipped to the end of the mission.
    public var scrubPeriodYears: Double?
    /// Years from a core's latch-up (`core-outage`) to its power domain working again: detection plus power cycle;
    /// nil: a core that latched up stays down to the end.
    public var powerCycleYears: Double?
    /// Spare neurons per hidden layer (empty: none).
    public var spares: [Int]
    /// Years from the monitor seeing a dead neuron to a spare working in its place.
    public var spareDelayYears: Double

    /// No recovery at all (what a scenario without `recovery` flies).
    public static let none = RecoveryPlan(scrubPeriodYears: nil, powerCycleYears: nil, spares: [], spareDelayYears: 0)

    /// A plan; see the stored properties.
    public init(scrubPeriodYears: Double?, powerCycleYears: Double?, spares: [Int], spareDelayYears: Double) {
        self.scrubPeriodYears = scrubPeriodYears
        self.powerCycleYears = powerCycleYears
        self.spares = spares
        self.spareDelayYears = spareDelayYears
    }

    /// Whether any spare is provided.
    public var hasSpares: Bool { spares.contains { $0 > 0 } }

    /// Reads `{"scrubPeriodDays": 1, "powerCycleHours": 2, "spares": {"perLayer": [2, 2, 2], "delayDays": 1}}`
    /// (every part optional; `perLayer` may be one number for every layer); errors name the field.
    public static func decode(_ field: JSONField, chip: Chip) throws(InputError) -> RecoveryPlan {
        guard field.isPresent else { return .none }
        try Scenario.rejectUnknownKeys(field, allowed: ["scrubPeriodDays", "powerCycleHours", "spares", "note"])
        var plan = RecoveryPlan.none
        let scrub = field["scrubPeriodDays"]
        if scrub.isPresent {
            let days = try scrub.number()
            guard days > 0, days.isFinite else {
                throw scrub.invalid("the scrub period must be > 0 days, found \(JSONValue.format(days))")
            }
            plan.scrubPeriodYears = days / MissionCalendar.daysPerYear
        }
        let cycle = field["powerCycleHours"]
        if cycle.isPresent {
            plan.powerCycleYears = try delay(cycle, unit: "hours") / (MissionCalendar.daysPerYear * 24)
        }
        let spares = field["spares"]
        if spares.isPresent {
            try Scenario.rejectUnknownKeys(spares, allowed: ["perLayer", "delayDays", "note"])
            let perLayer = spares["perLayer"]
            var counts: [Int]
            if case .array = perLayer.value {
                let items = try perLayer.array()
                guard items.count == chip.depth else {
                    throw perLayer.invalid("has \(items.count) numbers, expected \(chip.depth) (one per hidden layer)")
                }
                counts = []
                for item in items { counts.append(try item.integer(in: 0...Int(Int32.max))) }
            } else {
                counts = Array(repeating: try perLayer.integer(in: 0...Int(Int32.max)), count: chip.depth)
            }
            for (l, (n, width)) in zip(counts, chip.widths).enumerated() where n > width {
                throw perLayer.invalid(
                    "\(n) spares for hidden layer \(l + 1), which addresses \(width) neurons: at most \(width)")
            }
            plan.spares = counts
            plan.spareDelayYears = try delay(spares["delayDays"], unit: "days") / MissionCalendar.daysPerYear
        }
        return plan
    }

    /// A delay: a finite number ≥ 0.
    private static func delay(_ field: JSONField, unit: String) throws(InputError) -> Double {
        let value = try field.number()
        guard value >= 0, value.isFinite else {
            throw field.invalid("a recovery delay must be >= 0 \(unit), found \(JSONValue.format(value))")
        }
        return value
    }
}

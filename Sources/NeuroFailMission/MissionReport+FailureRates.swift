import NeuroFailCore

/// The `failureRates` object of summary.json: FIT and MTTF (JESD89) per kind and for the chip (Docs/outputs.md).
extension MissionReport {
    /// `failureRates`: the exposure, the confidence, the chip's rates and one object per (kind, class).
    static func json(_ table: FailureRateTable) -> JSONValue {
        [
            "standard": "JEDEC JESD89: FIT = failures per 1e9 device-hours, MTTF = 1/lambda",
            "confidence": .number(table.confidence),
            "upperBound": "chi-squared, 2f+2 degrees of freedom (time-terminated), one-sided",
            "hoursPerYear": .number(FailureRateTable.hoursPerYear),
            "chipHours": .number(table.chipHours),
            "chip": json(table.chip),
            "chipPermanent": json(table.chipPermanent),
            "kinds": .array(table.rows.map { row in
                [
                    "kind": .string(row.kind), "component": .string(row.component.rawValue),
                    "componentsPerChip": .number(Double(row.componentsPerChip)),
                    "events": .number(Double(row.perChip.events)),
                    "perChip": json(row.perChip), "perComponent": json(row.perComponent),
                ]
            }),
        ]
    }

    /// One estimate: `events`, `deviceHours`, `fit`, `fitUpper`, `mttfHours` (null when f = 0: unbounded),
    /// `mttfLowerHours`.
    static func json(_ e: FailureRateEstimate) -> JSONValue {
        [
            "events": .number(Double(e.events)), "deviceHours": .number(e.deviceHours),
            "fit": .number(e.fit), "fitUpper": .number(e.fitUpper),
            "mttfHours": e.mttfHours.map { .number($0) } ?? .null, "mttfLowerHours": .number(e.mttfLowerHours),
        ]
    }
}

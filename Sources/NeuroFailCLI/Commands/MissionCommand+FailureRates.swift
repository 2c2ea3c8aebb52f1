import NeuroFailMission

/// The failure-rate paragraph of the printed summary: FIT and MTTF per kind and for the chip (JESD89).
extension MissionCommand {
    /// A table, one line per (kind, class) and two for the chip: events, FIT per chip with its upper bound, MTTF
    /// per chip in years with its lower bound, and FIT per component with its upper bound.
    static func failureRateText(_ table: FailureRateTable) -> String {
        let c = ReliabilityLife.percent(table.confidence)
        var text = "Failure rates (JESD89) over \(formatNumber(table.chipHours)) chip-hours; "
        text += "bounds one-sided at \(c) confidence (chi-squared, 2f+2 degrees of freedom):\n"
        var t = TextTable([
            "kind", "component", "components", "events", "FIT/chip", "FIT/chip <=", "MTTF (y)", "MTTF >= (y)",
            "FIT/component", "FIT/component <=",
        ])
        func years(_ hours: Double?) -> String { hours.map { formatNumber($0 / FailureRateTable.hoursPerYear) } ?? "-" }
        func add(_ kind: String, _ component: String, _ count: String, chip: FailureRateEstimate, each: FailureRateEstimate?) {
            t.add([
                kind, component, count, formatCount(chip.events), formatNumber(chip.fit), formatNumber(chip.fitUpper),
                years(chip.mttfHours), years(chip.mttfLowerHours), each.map { formatNumber($0.fit) } ?? "-",
                each.map { formatNumber($0.fitUpper) } ?? "-",
            ])
        }
        for row in table.rows {
            add(row.kind, row.component.rawValue, formatCount(row.componentsPerChip), chip: row.perChip, each: row.perComponent)
        }
        add("all", "chip", "1", chip: table.chip, each: nil)
        add("permanent", "chip", "1", chip: table.chipPermanent, each: nil)
        return text + t.rendered.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
}

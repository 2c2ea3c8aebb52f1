import NeuroFailCore

/// The answer a mission report opens with: will the chip still do its job, with what guarantee and what confidence.
///
/// Three readings of the same budget over the Monte Carlo runs, each as a B_p life at confidence c
/// (Docs/statistics.md): *observed* (the budget's measure on the workload), *certified* (the fault-set bound
/// guarantees the budget for every input of the box, for the failures that happened) and *Erf* (the paper's bound,
/// for any placement of that many failures). The certified and Erf lives can only be shorter than the observed one.
public struct MissionVerdict: Sendable {
    /// One reading.
    public struct Reading: Sendable {
        /// `observed`, `certified` or `erf`.
        public let name: String
        /// What the reading rests on, for people.
        public let basis: String
        /// The B_p life at confidence c.
        public let life: ReliabilityLife
        /// Runs within budget for the whole mission, of all runs, with the Clopper–Pearson interval.
        public let withinBudgetAtEnd: ReliabilityCurve.Point?
    }

    /// The budget judged.
    public let budget: Budget
    /// The score norm.
    public let norm: DeviationNorm
    /// The mission length in years.
    public let durationYears: Double
    /// The number of runs.
    public let runs: Int
    /// The readings, observed first.
    public let readings: [Reading]
    /// The workload the measures are on, for people.
    public let workload: String

    /// The verdict of a summary (its curves named observed, certified and predicted).
    public init(summary mc: MonteCarloSummary, budget: Budget, norm: DeviationNorm, workload: String) {
        self.budget = budget
        self.norm = norm
        durationYears = mc.durationYears
        runs = mc.runs
        self.workload = workload
        let wanted: [(String, String, String)] = [
            ("observed", "observed", "measured on the workload"),
            ("certified", "certified", "guaranteed by the fault-set bound for every input of the box"),
            ("predicted", "erf", "guaranteed by the paper's Erf"),
        ]
        readings = wanted.compactMap { curveName, name, basis in
            mc.curve(curveName).map { Reading(name: name, basis: basis, life: $0.life, withinBudgetAtEnd: $0.end) }
        }
    }

    /// One reading's life in words: `until year 3.25`, `for the whole 10-year mission`, `not supported by 100 runs (needs >= 299)`.
    public func lifeText(_ reading: Reading) -> String {
        switch reading.life.value {
        case let .notSupported(needed): return "cannot be stated from \(runs) run\(runs == 1 ? "" : "s") (needs >= \(needed))"
        case .atLeastWholeMission: return "for the whole \(JSONValue.format(durationYears))-year mission"
        case let .years(t): return "until year \(ReliabilityLife.years(t).replacingOccurrences(of: " y", with: ""))"
        }
    }

    /// The verdict in plain words, one sentence per reading, e.g. "With 95% confidence, 99% of missions keep the
    /// accuracy drop <= 1% until year 4.2 (observed); certified until year 0.8 by the fault-set bound; the
    /// paper's Erf certifies until year 0.0024."
    public var statement: String {
        guard let first = readings.first else { return "no runs" }
        let c = ReliabilityLife.percent(first.life.bound.confidence), p = ReliabilityLife.percent(first.life.bound.reliability)
        if case .notSupported = first.life.value {
            return "No \(first.life.bound.lifeName) verdict at \(c) confidence: it \(lifeText(first)). Fly more runs (--runs)."
        }
        var text = "With \(c) confidence, \(p) of missions keep \(budget.description(norm: norm)) \(lifeText(first)) (observed)"
        for r in readings.dropFirst() {
            text += r.name == "certified"
                ? "; certified \(lifeText(r)) by the fault-set bound" : "; the paper's Erf certifies \(lifeText(r))"
        }
        return text + "."
    }

    /// The `verdict` object of summary.json (Docs/outputs.md).
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("statement", .string(statement)),
            ("budget", ["kind": .string(budget.kind.rawValue), "limit": .number(budget.limit), "description": .string(budget.description(norm: norm))]),
            ("workload", .string(workload)), ("runs", .number(Double(runs))),
        ]
        for r in readings {
            var life: [(String, JSONValue)] = [("basis", .string(r.basis)), ("text", .string(lifeText(r)))]
            switch r.life.value {
            case let .notSupported(needed):
                life += [("supported", .bool(false)), ("runsNeeded", .number(Double(needed))), ("lifeYears", .null), ("wholeMission", .bool(false))]
            case .atLeastWholeMission:
                life += [("supported", .bool(true)), ("lifeYears", .null), ("wholeMission", .bool(true))]
            case let .years(t):
                life += [("supported", .bool(true)), ("lifeYears", .number(t)), ("wholeMission", .bool(false))]
            }
            if let end = r.withinBudgetAtEnd {
                life.append(("withinBudgetAtEnd", [
                    "runs": .number(Double(end.withinBudget)), "fraction": .number(end.fraction),
                    "interval": .numbers([end.interval.lowerBound, end.interval.upperBound]),
                ]))
            }
            pairs.append((r.name, .object(life)))
        }
        return .object(pairs)
    }
}

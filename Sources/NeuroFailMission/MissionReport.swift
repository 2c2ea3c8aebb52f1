import Foundation
import NeuroFailCore
import NeuroFailEngine

/// The files a mission writes, built from its runs: `timeline.csv`, `trace.csv`, `summary.json`, `timeline.svg`,
/// and with several runs `runs.csv`, `reliability.csv`, `reliability.svg`, `bands.csv`, `bands.svg`
/// (Docs/outputs.md). They replace the output folder as a whole (``NeuroFailCore/AtomicFolder``).
///
/// Every number is written in Swift's shortest round-trip form, so a replay of `trace.csv` gives a byte-identical
/// `timeline.csv`.
public struct MissionReport: Sendable {
    public let scenario: Scenario
    public let engine: MonitorEngine
    /// All runs flown, in run order; the first is the one detailed in the timeline and trace.
    public let runs: [MissionRun]
    /// The checkpoint times.
    public let checkpoints: [Double]
    /// The Monte Carlo summary (also computed for one run).
    public let monteCarlo: MonteCarloSummary
    /// The number of workload inputs Ω was measured on.
    public let workloadInputs: Int
    /// FIT and MTTF per failure kind and for the chip over all runs, bounds at the report's confidence (nil
    /// without runs).
    public let failureRates: FailureRateTable?

    /// The default fraction p of missions a life or spare figure covers.
    public static let defaultReliability = 0.99
    /// The default confidence level c.
    public static let defaultConfidence = 0.95

    /// Every file name a report can write, in any configuration: the files a rerun may replace in its folder.
    public static let fileNames: Set<String> = [
        "timeline.csv", "trace.csv", "timeline.svg", "task.svg", "summary.json", "runs.csv", "reliability.csv", "reliability.svg",
        "bands.csv", "bands.svg",
    ]

    /// The report of `runs`, with lives and spares for a fraction `reliability` of missions at confidence
    /// `confidence` (both in (0, 1)).
    public init(
        scenario: Scenario, engine: MonitorEngine, runs: [MissionRun], checkpoints: [Double],
        reliability: Double = MissionReport.defaultReliability, confidence: Double = MissionReport.defaultConfidence,
        workloadInputs: Int
    ) {
        self.workloadInputs = workloadInputs
        self.scenario = scenario
        self.engine = engine
        self.runs = runs
        self.checkpoints = checkpoints
        monteCarlo = MonteCarloSummary(
            runs: runs, checkpoints: checkpoints, widths: scenario.chip.widths, durationYears: scenario.durationYears,
            reliability: reliability, confidence: confidence, criteria: BudgetCriterion.standard(for: scenario.budget))
        failureRates = FailureRateTable(scenario: scenario, runs: runs, confidence: confidence)
    }

    /// A number in shortest round-trip form; non-finite values, which have no such form, as `null`.
    static func num(_ x: Double) -> String { JSONValue.format(x) }

    /// `timeline.csv` of one run: a row per checkpoint and per failure (its measure cells empty and its flags
    /// `unmeasured` when the monitor did not evaluate the chip there, ``MonitorSchedule/checkpoints``). With `upsets` (a scenario with transient
    /// upsets), or when the run has any, two more columns give each upset's measured effect on the inference it hit
    /// (empty on other rows): measured, not bounded.
    public static func timelineCSV(_ run: MissionRun, chip: Chip, labelled: Bool, upsets: Bool = false) -> String {
        let upsets = upsets || run.failures.contains { $0.kind == .transient }
        let neuronColumns = (1...chip.depth).map { "neurons_failed_l\($0)" }
        let synapseColumns = (1...(chip.depth + 1)).map { "synapses_failed_l\($0)" }
        let measures = [
            "omega_av", "omega_max", "erf", "erf_av", "certified_bound", "found_deviation", "decision_flips",
            "certified_flip_bound", "erf_flip_bound", "probability_deviation",
        ] + (labelled ? ["accuracy"] : [])
        var lines = [
            (["time_years", "event", "component", "kind"] + neuronColumns + synapseColumns + measures
                + ["budget", "flags"] + (upsets ? ["upset_deviation", "upset_decision_flip"] : [])).joined(separator: ",")
        ]
        for row in run.timeline {
            var cells = [num(row.time)]
            switch row.cause {
            case .checkpoint: cells += ["checkpoint", "", ""]
            case let .failure(e): cells += ["failure", e.component.description, e.kind.rawValue]
            case let .recovery(r): cells += ["recovery", r.componentName, r.kind.rawValue]
            }
            cells += row.neuronsFailed.map(String.init) + row.synapsesFailed.map(String.init)
            let o = row.observation
            if row.observed {
                cells += [num(o.omegaAverage), num(o.omegaMax), num(o.erf), num(o.erfAverage), num(o.certifiedBound)]
                cells.append(o.foundDeviation.map(num) ?? "")
                cells += [num(o.decisionFlips), num(o.certifiedFlipBound), num(o.erfFlipBound), num(o.probabilityDeviation)]
                if labelled { cells.append(o.accuracy.map(num) ?? "") }
                cells += [num(o.budget.limit), o.flags]
            } else {
                // Not measured (a change between the checkpoints of a mission observed at checkpoints only).
                cells += Array(repeating: "", count: measures.count) + [num(o.budget.limit), "unmeasured"]
            }
            if upsets { cells += [row.upset.map { num($0.deviation) } ?? "", row.upset.map { $0.decisionFlipped ? "1" : "0" } ?? ""] }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `runs.csv`: one line per run.
    var runsCSV: String {
        let depth = scenario.chip.depth
        var lines = [
            (["run", "failures"] + (1...depth).map { "neurons_lost_l\($0)" }
                + ["predicted_budget_exceeded_at", "observed_budget_exceeded_at", "bound_violations", "estimator_misses",
                   "final_omega_av", "final_omega_max", "final_erf", "final_erf_av", "final_certified_bound",
                   "final_found_deviation", "final_decision_flips", "certified_budget_exceeded_at"]).joined(separator: ",")
        ]
        for run in runs {
            var cells: [String] = ["\(run.run)", "\(run.failures.count)"]
            cells += run.neuronsLost.map(String.init)
            cells.append(run.predictedBudgetExceededAt.map(Self.num) ?? "")
            cells.append(run.observedBudgetExceededAt.map(Self.num) ?? "")
            cells += ["\(run.boundViolations)", "\(run.estimatorMisses)"]
            if let o = run.final?.observation {
                cells += [o.omegaAverage, o.omegaMax, o.erf, o.erfAverage, o.certifiedBound].map(Self.num)
                cells += [o.foundDeviation.map(Self.num) ?? "", Self.num(o.decisionFlips)]
            } else {
                cells += ["", "", "", "", "", "", ""]
            }
            cells.append(run.certifiedBudgetExceededAt.map(Self.num) ?? "")
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The mean number per run of each kind of failure recorded and of each kind of recovery, by trace and timeline
    /// name (`seu`, `core-outage`, `scrub`, …), kinds in name order: what a scenario with fault kinds beyond the crash
    /// puts in summary.json.
    var eventsPerRun: JSONValue {
        var counts = [String: Int]()
        for run in runs {
            for failure in run.failures { counts[failure.kind.rawValue, default: 0] += 1 }
            for row in run.timeline {
                if case let .recovery(r) = row.cause { counts["recovery " + r.kind.rawValue, default: 0] += 1 }
            }
        }
        let n = Double(max(1, runs.count))
        return .object(counts.keys.sorted().map { ($0, .number(Double(counts[$0] ?? 0) / n)) })
    }

    /// What the transient upsets of all runs did, measured on the inference each hit (`transientUpsets` in
    /// summary.json): no bound covers them, and the object says so.
    var transientUpsetsJSON: JSONValue {
        let effects = runs.flatMap { $0.timeline.compactMap(\.upset) }
        let n = Double(effects.count)
        var deviations = CompensatedSum()
        for e in effects { deviations.add(e.deviation) }
        let changed = Double(effects.filter { $0.deviation > 0 }.count)
        let flipped = Double(effects.filter(\.decisionFlipped).count)
        func share(_ k: Double) -> JSONValue { n > 0 ? .number(k / n) : .null }
        return [
            "label": "measured, not bounded",
            "perRun": .number(n / Double(max(1, runs.count))),
            "outputChanged": share(changed), "decisionFlipped": share(flipped),
            "meanDeviation": n > 0 ? .number(deviations.value / n) : .null,
            "maxDeviation": n > 0 ? .number(effects.reduce(0) { max($0, $1.deviation) }) : .null,
        ]
    }

    /// `summary.json`.
    /// The workload for people: `1,000 labelled inputs from Scenarios/workloads/optdigits-14x14.csv`.
    public var workloadDescription: String {
        let labelled = scenario.labelColumn != nil ? "labelled " : ""
        switch scenario.workload {
        case let .inputs(path): return "\(Noun.count(workloadInputs, "\(labelled)input")) from \(path)"
        case let .random(_, seed): return "\(Noun.count(workloadInputs, "input")) uniform over \(scenario.domain.source) (seed \(seed))"
        }
    }

    /// The verdict the report opens with.
    public var verdict: MissionVerdict {
        MissionVerdict(summary: monteCarlo, budget: scenario.budget, norm: scenario.norm, workload: workloadDescription)
    }

    public var summary: JSONValue {
        let first = runs.first
        let mc = monteCarlo
        func opt(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("format", "neurofail.mission-summary/2"),
            ("verdict", verdict.json),
            ("scenario", .string(scenario.name)), ("scenarioFile", .string(scenario.file)),
            ("chip", .string(scenario.chip.name)), ("engine", .string(engine.rawValue)),
            ("seed", .number(Double(scenario.seed))), ("runs", .number(Double(runs.count))),
            ("durationYears", .number(scenario.durationYears)), ("budget", .number(scenario.budget.limit)),
            ("budgetKind", .string(scenario.budget.kind.rawValue)),
            ("norm", .string(scenario.norm.rawValue)), ("workloadInputs", .number(Double(workloadInputs))),
            ("boundViolations", .number(Double(mc.boundViolations))),
            ("estimatorMisses", .number(Double(mc.estimatorMisses))),
            ("certifiedViolations", .number(Double(runs.reduce(0) { $0 + $1.certifiedViolations }))),
            ("domain", .string(scenario.domain.source)), ("workload", .string(workloadDescription)),
            ("predictedBudgetExceededAt", opt(first?.predictedBudgetExceededAt)),
            ("certifiedBudgetExceededAt", opt(first?.certifiedBudgetExceededAt)),
            ("observedBudgetExceededAt", opt(first?.observedBudgetExceededAt)),
        ]
        if scenario.schedule != .changes { pairs.append(("observe", .string(scenario.schedule.rawValue))) }
        if scenario.weightStorage != .float64 {
            pairs.append(("weightStorage", .string(scenario.weightStorage.description)))
            pairs.append(("quantizationError", .array(scenario.quantizationError.map { .number($0) })))
        }
        let newKinds = runs.contains { $0.failures.contains { !$0.kind.isPermanent || $0.kind == .stuckAt } }
        if scenario.recovery != .none || scenario.weightStorage != .float64 || newKinds {
            pairs.append(("eventsPerRun", eventsPerRun))
        }
        if let first, let o = first.final?.observation {
            pairs.append((
                "firstRun",
                [
                    "run": .number(Double(first.run)), "failures": .number(Double(first.failures.count)),
                    "neuronsLost": .integers(first.neuronsLost),
                    "synapsesLost": .integers(first.final?.synapsesFailed ?? []),
                    "finalOmegaAverage": .number(o.omegaAverage), "finalOmegaMax": .number(o.omegaMax),
                    "finalErf": .number(o.erf), "finalErfAverage": .number(o.erfAverage),
                    "finalCertifiedBound": .number(o.certifiedBound), "finalFoundDeviation": opt(o.foundDeviation),
                    "finalDecisionFlips": .number(o.decisionFlips), "finalCertifiedFlipBound": .number(o.certifiedFlipBound),
                    "finalAccuracy": opt(o.accuracy), "pristineAccuracy": opt(o.pristineAccuracy),
                    "certifiedViolations": .number(Double(first.certifiedViolations)),
                    "boundViolations": .number(Double(first.boundViolations)),
                    "estimatorMisses": .number(Double(first.estimatorMisses)),
                ]
            ))
        }
        if let failureRates { pairs.append(("failureRates", Self.json(failureRates))) }
        if scenario.hasTransients || runs.contains(where: { $0.failures.contains { $0.kind == .transient } }) {
            pairs.append(("transientUpsets", transientUpsetsJSON))
        }
        pairs.append(("monteCarlo", monteCarloJSON))
        return .object(pairs)
    }

    /// The files of this report, (name, contents), in the order they are listed to the user.
    public var files: [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        if let first = runs.first {
            files.append((
                "timeline.csv",
                Self.timelineCSV(
                    first, chip: scenario.chip, labelled: scenario.labelColumn != nil, upsets: scenario.hasTransients)))
            files.append(("trace.csv", FailureTrace(events: first.failures).rendered()))
            files.append(("timeline.svg", timelineSVG))
            if scenario.chip.outputCount > 1 { files.append(("task.svg", taskSVG)) }
        }
        files.append(("summary.json", summary.rendered() + "\n"))
        if runs.count > 1 {
            files.append(("runs.csv", runsCSV))
            files.append(("reliability.csv", reliabilityCSV))
            files.append(("reliability.svg", reliabilitySVG))
            files.append(("bands.csv", bandsCSV))
            files.append(("bands.svg", bandsSVG))
        }
        return files
    }

    /// Checks, before a long run, that `directory` can receive a report (absent, or a folder holding only files a
    /// report writes: ``NeuroFailCore/AtomicFolder/checkReplaceable(_:owned:)``) and locks it against other
    /// processes until the returned lock is released: keep it until ``write(to:)`` is done.
    public static func reserveOutput(_ directory: String) throws(InputError) -> FolderLock {
        try AtomicFolder.reserve(directory, owned: fileNames)
    }

    /// Makes `directory` hold exactly this report's files, replacing an earlier report there as a whole (files of
    /// an earlier run that this one does not write are gone). Returns the paths written.
    @discardableResult
    public func write(to directory: String) throws(InputError) -> [String] {
        let files = self.files
        try AtomicFolder.replace(
            directory, with: files.map { ($0.name, Data($0.text.utf8)) }, owned: Self.fileNames)
        return files.map { (directory as NSString).appendingPathComponent($0.name) }
    }
}

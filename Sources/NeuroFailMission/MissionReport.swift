import Foundation
import NeuroFailCore

/// The files a mission writes, built from its runs: `timeline.csv`, `trace.csv`, `summary.json`, `timeline.svg`,
/// and with several runs `runs.csv`, `reliability.csv`, `reliability.svg`.
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

    public init(
        scenario: Scenario, engine: MonitorEngine, runs: [MissionRun], checkpoints: [Double], confidence: Double,
        workloadInputs: Int
    ) {
        self.workloadInputs = workloadInputs
        self.scenario = scenario
        self.engine = engine
        self.runs = runs
        self.checkpoints = checkpoints
        monteCarlo = MonteCarloSummary(
            runs: runs, checkpoints: checkpoints, depth: scenario.chip.depth, duration: scenario.durationYears,
            confidence: confidence)
    }

    private static func num(_ x: Double) -> String { JSONValue.format(x) }

    /// `timeline.csv` of one run: a row per checkpoint and per failure.
    public static func timelineCSV(_ run: MissionRun, chip: Chip) -> String {
        let neuronColumns = (1...chip.depth).map { "neurons_failed_l\($0)" }
        let synapseColumns = (1...(chip.depth + 1)).map { "synapses_failed_l\($0)" }
        var lines = [
            (["time_years", "event", "component", "kind"] + neuronColumns + synapseColumns
                + ["omega_av", "omega_max", "erf", "erf_av", "budget", "flags"]).joined(separator: ",")
        ]
        for row in run.timeline {
            var cells = [num(row.time)]
            switch row.cause {
            case .checkpoint: cells += ["checkpoint", "", ""]
            case let .failure(e): cells += ["failure", e.component.description, e.kind.rawValue]
            }
            cells += row.neuronsFailed.map(String.init) + row.synapsesFailed.map(String.init)
            let o = row.observation
            cells += [num(o.omegaAverage), num(o.omegaMax), num(o.erf), num(o.erfAverage), num(o.budget), o.flags]
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
                   "final_omega_av", "final_omega_max", "final_erf", "final_erf_av"]).joined(separator: ",")
        ]
        for run in runs {
            var cells: [String] = ["\(run.run)", "\(run.failures.count)"]
            cells += run.neuronsLost.map(String.init)
            cells.append(run.predictedBudgetExceededAt.map(Self.num) ?? "")
            cells.append(run.observedBudgetExceededAt.map(Self.num) ?? "")
            cells += ["\(run.boundViolations)", "\(run.estimatorMisses)"]
            if let o = run.final?.observation {
                cells += [o.omegaAverage, o.omegaMax, o.erf, o.erfAverage].map(Self.num)
            } else {
                cells += ["", "", "", ""]
            }
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `reliability.csv`: R_observed, R_predicted and the Erf_av fraction at each checkpoint.
    var reliabilityCSV: String {
        var lines = ["time_years,r_observed,r_predicted,r_estimated"]
        for p in monteCarlo.reliability {
            lines.append([p.time, p.observed, p.predicted, p.estimated].map(Self.num).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `summary.json`.
    public var summary: JSONValue {
        let first = runs.first
        let mc = monteCarlo
        func opt(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("format", "neurofail.mission-summary/1"),
            ("scenario", .string(scenario.name)), ("scenarioFile", .string(scenario.file)),
            ("chip", .string(scenario.chip.name)), ("engine", .string(engine.rawValue)),
            ("seed", .number(Double(scenario.seed))), ("runs", .number(Double(runs.count))),
            ("durationYears", .number(scenario.durationYears)), ("budget", .number(scenario.budget)),
            ("norm", .string(scenario.norm)), ("workloadInputs", .number(Double(workloadInputs))),
            ("boundViolations", .number(Double(mc.boundViolations))),
            ("estimatorMisses", .number(Double(mc.estimatorMisses))),
            ("predictedBudgetExceededAt", opt(first?.predictedBudgetExceededAt)),
            ("observedBudgetExceededAt", opt(first?.observedBudgetExceededAt)),
        ]
        if let first, let o = first.final?.observation {
            pairs.append((
                "firstRun",
                [
                    "run": .number(Double(first.run)), "failures": .number(Double(first.failures.count)),
                    "neuronsLost": .integers(first.neuronsLost),
                    "synapsesLost": .integers(first.final?.synapsesFailed ?? []),
                    "finalOmegaAverage": .number(o.omegaAverage), "finalOmegaMax": .number(o.omegaMax),
                    "finalErf": .number(o.erf), "finalErfAverage": .number(o.erfAverage),
                    "boundViolations": .number(Double(first.boundViolations)),
                    "estimatorMisses": .number(Double(first.estimatorMisses)),
                ]
            ))
        }
        pairs.append((
            "monteCarlo",
            [
                "runs": .number(Double(mc.runs)), "confidence": .number(mc.confidence),
                "meanFailures": .number(mc.meanFailures), "meanNeuronsLost": .numbers(mc.meanNeuronsLost),
                "runsWithEstimatorMisses": .number(Double(mc.runsWithEstimatorMisses)),
                "predictionIsConservative": .bool(mc.predictionIsConservative),
                "observedLifetimeYears": opt(mc.observedLifetime), "predictedLifetimeYears": opt(mc.predictedLifetime),
                "lifetimeIsWholeMission": [
                    "observed": .bool(mc.observedLifetime == nil), "predicted": .bool(mc.predictedLifetime == nil),
                ],
                "spareNeuronsPerLayer": .integers(mc.spareNeurons), "spareCoverage": .number(mc.spareCoverage),
                "reliabilityAtEnd": [
                    "observed": .number(mc.reliability.last?.observed ?? 1),
                    "predicted": .number(mc.reliability.last?.predicted ?? 1),
                ],
            ]
        ))
        return .object(pairs)
    }

    /// `timeline.svg`: Ω_av, Ω_max, Erf and Erf_av of the first run over mission time, log scale, budget line.
    public static func timelineSVG(_ run: MissionRun, scenario: Scenario) -> String {
        var chart = SVGChart(
            title: "\(scenario.name): run \(run.run), \(Noun.count(run.failures.count, "failure"))",
            xLabel: "mission time (years)", yLabel: "output deviation (\(scenario.norm))", logY: true)
        func series(_ name: String, _ color: String, dashed: Bool = false, _ value: (Observation) -> Double)
            -> SVGChart.Series
        {
            SVGChart.Series(
                name: name, color: color, points: run.timeline.map { ($0.time, value($0.observation)) }, dashed: dashed,
                steps: true)
        }
        chart.series = [
            series("Erf (bound)", "#d62728") { $0.erf },
            series("Erf_av (estimate)", "#ff7f0e", dashed: true) { $0.erfAverage },
            series("Omega_max", "#1f77b4") { $0.omegaMax },
            series("Omega_av", "#2ca02c") { $0.omegaAverage },
        ]
        chart.references = [SVGChart.ReferenceLine(name: "budget", y: scenario.budget, color: "#000000")]
        return chart.rendered()
    }

    /// `reliability.svg`: R_observed and R_predicted over mission time.
    var reliabilitySVG: String {
        var chart = SVGChart(
            title: "\(scenario.name): reliability over \(Noun.count(runs.count, "run"))", xLabel: "mission time (years)",
            yLabel: "P(within budget)", logY: false)
        chart.yRange = 0...1.05
        let r = monteCarlo.reliability
        chart.series = [
            SVGChart.Series(name: "R_observed", color: "#2ca02c", points: r.map { ($0.time, $0.observed) }),
            SVGChart.Series(name: "R_predicted (Erf)", color: "#d62728", points: r.map { ($0.time, $0.predicted) }),
            SVGChart.Series(
                name: "Erf_av in budget", color: "#ff7f0e", points: r.map { ($0.time, $0.estimated) }, dashed: true),
        ]
        chart.references = [SVGChart.ReferenceLine(name: "confidence \(monteCarlo.confidence)", y: monteCarlo.confidence, color: "#777777")]
        return chart.rendered()
    }

    /// Writes every file into `directory` (created if needed), each atomically. Returns the paths written.
    @discardableResult
    public func write(to directory: String) throws(InputError) -> [String] {
        var files: [(String, String)] = []
        if let first = runs.first {
            files.append(("timeline.csv", Self.timelineCSV(first, chip: scenario.chip)))
            files.append(("trace.csv", FailureTrace(events: first.failures).rendered()))
            files.append(("timeline.svg", Self.timelineSVG(first, scenario: scenario)))
        }
        files.append(("summary.json", summary.rendered() + "\n"))
        if runs.count > 1 {
            files.append(("runs.csv", runsCSV))
            files.append(("reliability.csv", reliabilityCSV))
            files.append(("reliability.svg", reliabilitySVG))
        }
        var written = [String]()
        for (name, text) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            try AtomicFile.write(text, to: path)
            written.append(path)
        }
        return written
    }
}

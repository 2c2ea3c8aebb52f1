import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// `neurofail mission`: flies a scenario and checks, checkpoint by checkpoint, that Erf stays above the measured
/// degradation.
enum MissionCommand: Command {
    static let spec = CommandSpec(
        name: "mission",
        abstract: "Fly a mission scenario: failures over time, Omega against Erf at every checkpoint.",
        discussion: """
            Draws each run's failures from the scenario's models (radiation latch-up with the solar cycle and
            storms, wear-out, core latch-up, traces), applies them in time order, and at every checkpoint and after
            every failure measures Omega on the workload against the pristine chip and computes Erf and Erf_av.
            Writes timeline.csv, trace.csv (replayable), summary.json and timeline.svg for the first run and, with
            several runs, runs.csv, reliability.csv, reliability.svg, bands.csv and bands.svg (Docs/outputs.md);
            they replace the --out folder as a whole. Over the runs it states reliability R(t) with Clopper-Pearson
            intervals, the B_p life at confidence c (with confidence c, a fraction >= p of missions stay within
            budget until then) and the spare neurons per layer for a fraction p of missions at confidence c, or
            says how many runs such a statement needs (Docs/statistics.md), and the failure rates seen, per kind
            and for the chip, as FIT and MTTF (JESD89) with chi-squared upper bounds at confidence c (Docs/outputs.md).
            Exit status 1 if Omega_max > Erf anywhere (Erf is a theorem: that would be a bug).
            """,
        arguments: [.init(name: "scenario", help: "A neurofail.scenario/1 file (see Docs/scenario-format.md).")],
        options: [
            .option("runs", "n", "Monte Carlo runs (default: the scenario's)."),
            .option("seed", "s", "Master seed (default: the scenario's)."),
            .option("out", "dir", "Output folder (default: out/<scenario name>)."),
            .option("engine", "name", "fast (default) or reference (the message-level simulator; slow)."),
            .option("reliability", "p", "Fraction of missions a life or spare figure covers, in (0, 1) (default 0.99: B1 life)."),
            .option("confidence", "c", "Confidence level of intervals, lives, spare neurons and FIT bounds, in (0, 1) (default 0.95)."),
            .option("threads", "n", "Worker threads (default: all cores); results do not depend on it."),
            .flag("tight", "Bound every row of every run by linear relaxation (default: difference intervals; run 0 always gets it)."),
            .option("search", "where", "Where run 0 searches the box for its worst input: failures (default: every failure row), final, none, or all (also every other run's last row)."),
            .option("search-starts", "n", "Random starts of each search (default 32)."),
            .flag("clip", "Clip workload inputs outside the domain into it (and count them) instead of refusing them."),
            .flag("json", "Print summary.json instead of the readable summary."),
            .option("shard", "i/n", "Fly only the i-th of n slices of the runs; --out is then the part file for 'neurofail mission-merge'."),
        ],
        usage: "[--runs <n>] [--seed <s>] [--out <dir>] [--engine fast|reference] [--reliability <p>] [--confidence <c>] [--shard <i/n> --out <part.json>]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        var scenario = try Scenario.load(path: args.positionals[0], loadChip: CommandSupport.loadChip)
        if let runs = try args.integer("runs", in: 1...10_000_000) {
            scenario.runs = runs
            try scenario.checkLimits()
        }
        if let seed = try args.seed() { scenario.seed = seed }
        let engine = try engineOption(args)
        let levels = try levelOptions(args)
        let started = Date()
        if args.has("clip") { scenario.clip = true }
        let runner = try MissionRunner(scenario: scenario, engine: engine, effort: try effortOption(args))
        let shard = try OmegaCommand.shardOption(args)
        if shard != nil, args.string("out") == nil {
            throw InputError.invalidOption(option: "--shard", reason: "give --out <part.json> to write the part file")
        }
        let reservation = shard == nil ? try MissionReport.reserveOutput(outputFolder(args, scenario: scenario)) : nil
        defer { reservation?.release() }
        let runs = (shard ?? .whole).range(of: scenario.runs)
        let progress = ProgressLine(console: console, label: "mission \(TextInput.printable(scenario.name))" + (shard.map { " shard \($0)" } ?? ""))
        let flown = runner.flyAll(runs: runs, threads: try CommandSupport.threads(args), progress: { progress.update($0) })
        progress.finish()
        try requireFiniteErf(flown, scenario: scenario)
        if let shard, let out = args.string("out") {
            let part = MissionPart(
                identity: try MissionPart.identity(runner, engine: engine), shard: shard, runs: runs,
                totalRuns: scenario.runs, flown: flown, budget: scenario.budget)
            try AtomicFile.write(part.fileText, to: out)
            console.out("mission \(TextInput.printable(scenario.name)) shard \(shard): runs \(runs.lowerBound)..<\(runs.upperBound) of \(scenario.runs); wrote \(out) (combine the parts with 'neurofail mission-merge')\n")
            return .success
        }
        return try report(flown, runner: runner, engine: engine, levels: levels, started: started, args, console: console)
    }

    /// Throws, naming the chip file and the layer, when a row of `runs` holds an Erf or Erf_av that overflowed
    /// Float64: the mission's Erf columns and verdicts would not be numbers, so nothing is written (as `erf`,
    /// `compare` and `rank` refuse such counts). Checked once the runs are flown: the counts a run reaches are
    /// known only then.
    static func requireFiniteErf(_ runs: [MissionRun], scenario: Scenario) throws(InputError) {
        for run in runs {
            guard let row = run.timeline.first(where: { !$0.observation.erf.isFinite || !$0.observation.erfAverage.isFinite }) else { continue }
            let bound = ErfBound(chip: scenario.chip)
            let counts = FaultCounts(neurons: row.neuronsFailed, synapses: row.synapsesFailed)
            throw CommandSupport.erfOverflow(
                bound, counts, chipPath: scenario.chipPath,
                consequence: "reached by run \(run.run) at \(JSONValue.format(row.time)) years, so the mission's Erf would not be a number")
        }
    }

    /// The report folder: --out, or out/<scenario name>.
    static func outputFolder(_ args: ParsedArguments, scenario: Scenario) -> String {
        args.string("out") ?? defaultFolder(scenario.name)
    }

    /// `out/<name><suffix>` with the name made one plain folder name (`/`, `\`, control characters and leading dots
    /// become `_`), so a scenario named `../../x` writes `out/_._.._x`, never outside `out/`.
    static func defaultFolder(_ name: String, suffix: String = "") -> String {
        var safe = String(name.unicodeScalars.map { s -> Character in
            s == "/" || s == "\\" || s.value < 0x20 || (0x7F..<0xA0).contains(s.value) ? "_" : Character(s)
        })
        while safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        return "out/" + (safe.isEmpty ? "_" : safe) + suffix
    }

    /// Writes the report files of all `runs` and prints the summary: the end of `mission` and of `mission-merge`.
    static func report(
        _ runs: [MissionRun], runner: MissionRunner, engine: MonitorEngine,
        levels: (reliability: Double, confidence: Double), started: Date, _ args: ParsedArguments, console: Console
    ) throws -> ExitCode {
        let scenario = runner.scenario
        let out = outputFolder(args, scenario: scenario)
        try requireFiniteErf(runs, scenario: scenario)
        let report = MissionReport(
            scenario: scenario, engine: engine, runs: runs, checkpoints: runner.checkpoints,
            reliability: levels.reliability, confidence: levels.confidence, workloadInputs: runner.monitor.workload.count)
        let written = try report.write(to: out)
        if args.has("json") {
            console.out(report.summary.rendered() + "\n")
        } else {
            console.out(readable(report, runner: runner, seconds: Date().timeIntervalSince(started), written: written))
        }
        if report.monteCarlo.boundViolations > 0 {
            console.err("internal error: Omega_max > Erf in \(counted(report.monteCarlo.boundViolations, "row")): Erf is a theorem, so this is a bug (see \(out)/timeline.csv, flag bound-violation)\n")
            return .internalError
        }
        let certifiedViolations = report.runs.reduce(0) { $0 + $1.certifiedViolations }
        if certifiedViolations > 0 {
            console.err("internal error: a deviation above the fault-set bound in \(counted(certifiedViolations, "row")): the bound is a theorem, so this is a bug (see \(out)/timeline.csv, flag certified-violation)\n")
            return .internalError
        }
        return .success
    }

    /// --reliability p and --confidence c, each in (0, 1).
    static func levelOptions(_ args: ParsedArguments) throws(InputError) -> (reliability: Double, confidence: Double) {
        func level(_ name: String, _ fallback: Double) throws(InputError) -> Double {
            let value = try args.number(name) ?? fallback
            guard value > 0, value < 1 else {
                throw .invalidOption(option: "--\(name)", reason: "must be between 0 and 1 (exclusive), found \(formatNumber(value))")
            }
            return value
        }
        return (
            try level("reliability", MissionReport.defaultReliability),
            try level("confidence", MissionReport.defaultConfidence)
        )
    }

    /// `--tight`, `--search`, `--search-starts`.
    static func effortOption(_ args: ParsedArguments) throws(InputError) -> MissionRunner.Effort {
        var effort = MissionRunner.Effort()
        if args.has("tight") { effort.method = .linearRelaxation }
        if let text = args.string("search") {
            guard let search = MissionRunner.Effort.Search(rawValue: text) else {
                throw .invalidOption(option: "--search", reason: "expected failures, final, all or none, found '\(text)'")
            }
            effort.search = search
        }
        if let n = try args.integer("search-starts", in: 0...100_000) { effort.searchStarts = n }
        return effort
    }

    static func engineOption(_ args: ParsedArguments) throws(InputError) -> MonitorEngine {
        guard let text = args.string("engine") else { return .fast }
        guard let engine = MonitorEngine(rawValue: text) else {
            throw .invalidOption(option: "--engine", reason: "expected fast or reference, found '\(text)'")
        }
        return engine
    }

    static func years(_ t: Double?) -> String { t.map { String(format: "%.2f y", $0) } ?? "never" }

    static func readable(_ report: MissionReport, runner: MissionRunner, seconds: Double, written: [String]) -> String {
        let s = report.scenario
        let mc = report.monteCarlo
        func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        var text = "Mission \(TextInput.printable(s.name)): \(CommandSupport.shape(s.chip))\n"
        text += "  \(formatNumber(s.durationYears)) years, checkpoint every \(formatNumber(s.checkpointYears)) y; "
        text += "budget: \(s.budget.description(norm: s.norm))\n"
        if s.schedule == .checkpoints {
            text += "  observed at the checkpoints only: changes between them are unmeasured (excursions that end before "
            text += "a checkpoint go unseen), an exceedance is dated at the first change since the checkpoint before\n"
        }
        text += "  workload: \(report.workloadDescription)"
        if let accuracy = runner.monitor.pristineAccuracy { text += " (accuracy at launch \(percent(accuracy)))" }
        if runner.clippedInputs > 0 { text += "; \(counted(runner.clippedInputs, "input")) clipped into the box" }
        text += "; box: \(s.domain.source)\n"
        if s.weightStorage != .float64 {
            text += "  weights stored as \(s.weightStorage); quantizing cost at most "
            text += s.quantizationError.map { formatNumber($0) }.joined(separator: ", ") + " per matrix"
            if let designed = runner.designedAccuracy, let stored = runner.monitor.pristineAccuracy {
                text += ", accuracy \(percent(designed)) as designed, \(percent(stored)) as stored"
            }
            text += "\n"
        }
        text += "  \(counted(mc.runs, "run")) (seed \(s.seed)), \(report.engine.rawValue) engine, "
        text += String(format: "%.1f s\n\n", seconds)
        if mc.runs > 1 {
            let verdict = report.verdict
            text += "Verdict: \(verdict.statement)\n"
            let ends = verdict.readings.compactMap { r in
                r.withinBudgetAtEnd.map { e in
                    "\(r.name) \(e.withinBudget) of \(e.runs) (\(percent(e.fraction)) [\(percent(e.interval.lowerBound)), \(percent(e.interval.upperBound))])"
                }
            }
            if !ends.isEmpty { text += "  within budget for the whole mission: " + ends.joined(separator: "; ") + "\n" }
            text += "\n"
        }
        if let first = report.runs.first, let o = first.final?.observation {
            text += "Run 0: \(counted(first.failures.count, "failure")); neurons lost per layer \(CommandSupport.list(first.neuronsLost))"
            text += ", synapses per matrix \(CommandSupport.list(first.final?.synapsesFailed ?? []))\n"
            text += "  at the end: "
            if let accuracy = o.accuracy, let launch = o.pristineAccuracy {
                text += "accuracy \(percent(accuracy)) (launch \(percent(launch))), "
            }
            text += "decision flips \(percent(o.decisionFlips)) (certified at most \(percent(o.certifiedFlipBound)))\n"
            text += "  score deviation (\(s.norm.rawValue)): Omega_av \(formatNumber(o.omegaAverage)), Omega_max \(formatNumber(o.omegaMax)) on the workload"
            if let found = o.foundDeviation { text += "; worst input found \(formatNumber(found))" }
            text += "; certified \(CommandSupport.bound(o.certifiedBound)); Erf \(CommandSupport.bound(o.erf)) (Erf_av \(formatNumber(o.erfAverage)))\n"
            if let found = o.foundDeviation, found > 0 {
                text += "  " + CommandSupport.bracket(
                    found: found, certified: o.certifiedBound, allowance: o.certifiedCeiling - o.certifiedBound, box: "the box")
                text += ": certified/found \(CommandSupport.ratio(o.certifiedBound, found)), Erf/found \(CommandSupport.ratio(o.erf, found))\n"
            }
            text += "  budget: observed within it \(first.observedBudgetExceededAt.map { "until \(years($0))" } ?? "all mission"); "
            text += "certified \(first.certifiedBudgetExceededAt.map { "until \(years($0))" } ?? "all mission"); "
            text += "Erf \(first.predictedBudgetExceededAt.map { "until \(years($0))" } ?? "all mission")\n\n"
        }
        if mc.runs > 1 { text += monteCarloText(mc) + "\n" }
        if let rates = report.failureRates { text += failureRateText(rates) + "\n" }
        let certifiedViolations = report.runs.reduce(0) { $0 + $1.certifiedViolations }
        text += "Checks: Omega_max > Erf (must never happen): \(counted(mc.boundViolations, "row")); "
        text += "above the fault-set bound (must never happen): \(counted(certifiedViolations, "row")); "
        text += "Omega_av > Erf_av (the paper's estimator below the measurement): \(counted(mc.estimatorMisses, "row")) in \(counted(mc.runsWithEstimatorMisses, "run"))\n"
        let dir = written.first.map { PathName.parent($0) } ?? ""
        text += "Wrote \(dir)/: " + written.map { PathName.name($0) }.joined(separator: ", ") + "\n"
        return text
    }

    /// The Monte Carlo paragraph: reliability at the end with its interval, B_p lives and spares at confidence c.
    static func monteCarloText(_ mc: MonteCarloSummary) -> String {
        let p = ReliabilityLife.percent(mc.reliability), c = ReliabilityLife.percent(mc.confidence)
        let name = mc.lifeName
        var text = "Monte Carlo over \(mc.runs) runs (\(name): \(p) of missions; confidence \(c)):\n"
        text += "  failures per run \(formatNumber(mc.meanFailures)) on average; neurons lost per layer "
        text += mc.meanNeuronsLost.map { String(format: "%.1f", $0) }.joined(separator: ", ") + "\n"
        let shown = [("observed", "observed"), ("certified", "certified"), ("predicted", "by Erf")].compactMap { name, label in
            mc.curve(name).map { (label, $0) }
        }
        if !mc.predictionIsConservative { text += "  NOT conservative: Erf within budget where the observed measure is not (a bug)\n" }
        let bound = mc.spares.bound
        if bound.rank == nil {
            text += "  \(name) life at \(c) confidence: not supported by \(mc.runs) runs (needs >= \(bound.runsNeeded))\n"
            text += "  spare neurons per layer for \(p) of missions at \(c) confidence: not supported by \(mc.runs) runs (needs >= \(bound.runsNeeded))\n"
            return text
        }
        func life(_ l: ReliabilityLife) -> String {
            switch l.value {
            case .notSupported: return "not supported"
            case .atLeastWholeMission: return "at least the whole mission (\(formatNumber(mc.durationYears)) y)"
            case let .years(t): return ReliabilityLife.years(t)
            }
        }
        text += "  \(name) life at \(c) confidence: "
        text += shown.map { label, curve in "\(label) \(life(curve.life))" }.joined(separator: ", ")
        text += " (at least \(p) of missions stay within budget until then; order statistic \(bound.rank ?? 0) of \(mc.runs))\n"
        text += "  spare neurons per layer for \(p) of missions at \(c) confidence: "
        text += CommandSupport.list(mc.spares.perLayer ?? [])
        text += " (per-layer pools of cold spares, perfect switching; Docs/statistics.md)\n"
        return text
    }
}

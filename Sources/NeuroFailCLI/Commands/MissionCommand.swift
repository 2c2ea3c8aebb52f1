import Foundation
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
            several runs, runs.csv, reliability.csv and reliability.svg. Exit status 1 if Omega_max > Erf anywhere
            (Erf is a theorem: that would be a bug).
            """,
        arguments: [.init(name: "scenario", help: "A neurofail.scenario/1 file (see Docs/scenario-format.md).")],
        options: [
            .option("runs", "n", "Monte Carlo runs (default: the scenario's)."),
            .option("seed", "s", "Master seed (default: the scenario's)."),
            .option("out", "dir", "Output folder (default: out/<scenario name>)."),
            .option("engine", "name", "fast (default) or reference (the message-level simulator; slow)."),
            .option("confidence", "p", "Confidence level for lifetimes and spare neurons (default 0.99)."),
            .option("threads", "n", "Worker threads (default: all cores); results do not depend on it."),
            .flag("json", "Print summary.json instead of the readable summary."),
            .option("shard", "i/n", "Fly only the i-th of n slices of the runs; --out is then the part file for 'neurofail mission-merge'."),
        ],
        usage: "[--runs <n>] [--seed <s>] [--out <dir>] [--engine fast|reference] [--confidence <p>] [--shard <i/n> --out <part.json>]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        var scenario = try Scenario.load(path: args.positionals[0], loadChip: CommandSupport.loadChip)
        if let runs = try args.integer("runs", in: 1...10_000_000) { scenario.runs = runs }
        if let seed = try args.seed() { scenario.seed = seed }
        let engine = try engineOption(args)
        let confidence = try confidenceOption(args)
        let started = Date()
        let runner = try MissionRunner(scenario: scenario, engine: engine)
        let shard = try OmegaCommand.shardOption(args)
        if shard != nil, args.string("out") == nil {
            throw InputError.invalidOption(option: "--shard", reason: "give --out <part.json> to write the part file")
        }
        let runs = (shard ?? .whole).range(of: scenario.runs)
        let progress = ProgressLine(console: console, label: "mission \(scenario.name)" + (shard.map { " shard \($0)" } ?? ""))
        let flown = try runner.flyAll(runs: runs, threads: try CommandSupport.threads(args), progress: { progress.update($0) })
        progress.finish()
        if let shard, let out = args.string("out") {
            let part = MissionPart(
                identity: try MissionPart.identity(runner, engine: engine), shard: shard, runs: runs,
                totalRuns: scenario.runs, flown: flown)
            try AtomicFile.write(part.json.rendered(indent: 0) + "\n", to: out)
            console.out("mission \(scenario.name) shard \(shard): runs \(runs.lowerBound)..<\(runs.upperBound) of \(scenario.runs); wrote \(out) (combine the parts with 'neurofail mission-merge')\n")
            return .success
        }
        return try report(flown, runner: runner, engine: engine, confidence: confidence, started: started, args, console: console)
    }

    /// Writes the report files of all `runs` and prints the summary: the end of `mission` and of `mission-merge`.
    static func report(
        _ runs: [MissionRun], runner: MissionRunner, engine: MonitorEngine, confidence: Double, started: Date,
        _ args: ParsedArguments, console: Console
    ) throws -> ExitCode {
        let scenario = runner.scenario
        let out = args.string("out") ?? "out/\(scenario.name)"
        let report = MissionReport(
            scenario: scenario, engine: engine, runs: runs, checkpoints: runner.checkpoints, confidence: confidence,
            workloadInputs: runner.monitor.workload.count)
        let written = try report.write(to: out)
        if args.has("json") {
            console.out(report.summary.rendered() + "\n")
        } else {
            console.out(readable(report, runner: runner, seconds: Date().timeIntervalSince(started), written: written))
        }
        if report.monteCarlo.boundViolations > 0 {
            console.err("internal error: Omega_max > Erf in \(report.monteCarlo.boundViolations) rows: Erf is a theorem, so this is a bug (see \(out)/timeline.csv, flag bound-violation)\n")
            return .internalError
        }
        return .success
    }

    static func confidenceOption(_ args: ParsedArguments) throws(InputError) -> Double {
        let confidence = try args.number("confidence") ?? 0.99
        guard confidence > 0, confidence < 1 else {
            throw .invalidOption(option: "--confidence", reason: "must be between 0 and 1 (exclusive), found \(confidence)")
        }
        return confidence
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
        var text = "Mission \(s.name): \(CommandSupport.shape(s.chip))\n"
        text += "  \(formatNumber(s.durationYears)) years, checkpoint every \(formatNumber(s.checkpointYears)) y, "
        text += "\(formatCount(runner.monitor.workload.count)) workload inputs, budget \(formatNumber(s.budget)) (\(s.norm))\n"
        text += "  \(mc.runs) run\(mc.runs == 1 ? "" : "s") (seed \(s.seed)), \(report.engine.rawValue) engine, "
        text += String(format: "%.1f s\n\n", seconds)
        if let first = report.runs.first, let o = first.final?.observation {
            text += "Run 0: \(first.failures.count) failures; neurons lost per layer \(CommandSupport.list(first.neuronsLost))"
            text += ", synapses per matrix \(CommandSupport.list(first.final?.synapsesFailed ?? []))\n"
            text += "  Erf exceeds the budget at \(years(first.predictedBudgetExceededAt)) (predicted); "
            text += "Omega_av at \(years(first.observedBudgetExceededAt)) (observed)\n"
            text += "  at the end: Omega_av \(formatNumber(o.omegaAverage)), Omega_max \(formatNumber(o.omegaMax)), "
            text += "Erf \(formatNumber(o.erf)), Erf_av \(formatNumber(o.erfAverage))\n\n"
        }
        if mc.runs > 1 {
            let p = String(format: "%g%%", 100 * mc.confidence)
            text += "Monte Carlo over \(mc.runs) runs:\n"
            text += "  failures per run \(formatNumber(mc.meanFailures)) on average; neurons lost per layer "
            text += mc.meanNeuronsLost.map { String(format: "%.1f", $0) }.joined(separator: ", ") + "\n"
            if let end = mc.reliability.last {
                text += String(format: "  reliability at the end: observed %.3f, predicted by Erf %.3f", end.observed, end.predicted)
                text += mc.predictionIsConservative ? " (R_predicted <= R_observed at every checkpoint: conservative)\n" : " (NOT conservative: a bug)\n"
            }
            text += "  mission lifetime at \(p) confidence: observed \(mc.observedLifetime.map { String(format: "%.2f y", $0) } ?? "the whole mission"), "
            text += "guaranteed by Erf \(mc.predictedLifetime.map { String(format: "%.2f y", $0) } ?? "the whole mission")\n"
            text += "  spare neurons per layer to cover the losses at \(p): \(CommandSupport.list(mc.spareNeurons))"
            text += String(format: " (joint coverage %.1f%%)\n\n", 100 * mc.spareCoverage)
        }
        text += "Checks: Omega_max > Erf (must never happen): \(mc.boundViolations) rows; "
        text += "Omega_av > Erf_av (the paper's estimator below the measurement): \(mc.estimatorMisses) rows in \(mc.runsWithEstimatorMisses) runs\n"
        let dir = written.first.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        text += "Wrote \(dir)/: " + written.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ") + "\n"
        return text
    }
}

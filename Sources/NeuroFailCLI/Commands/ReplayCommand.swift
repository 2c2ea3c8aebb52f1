import Foundation
import NeuroFailCore
import NeuroFailMission

/// `neurofail replay`: flies a scenario's chip through the failures of a trace instead of random ones.
enum ReplayCommand: Command {
    static let spec = CommandSpec(
        name: "replay",
        abstract: "Replay a failure trace through a scenario's chip and monitor.",
        discussion: """
            The trace (time_years,component,kind; Docs/trace-format.md) replaces the scenario's failure models:
            one recorded by 'neurofail mission' (its trace.csv) gives back that mission's timeline.csv byte for
            byte; one written from a radiation test shows how the chip would have degraded.
            """,
        arguments: [.init(name: "trace", help: "A failure trace (CSV).")],
        options: [
            .option("scenario", "file", "The scenario giving the chip, workload, budget and checkpoints."),
            .option("out", "dir", "Output folder (default: out/<scenario name>-replay)."),
            .option("engine", "name", "fast (default) or reference."),
            .flag("tight", "As 'mission --tight' (give the mission's flags to get its timeline back byte for byte)."),
            .option("search", "where", "As 'mission --search' (default failures)."),
            .option("search-starts", "n", "As 'mission --search-starts' (default 32)."),
            .flag("clip", "As 'mission --clip'."),
            .flag("json", "Print summary.json instead of the readable summary."),
        ],
        usage: "--scenario <file> [--out <dir>] [--engine fast|reference]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let tracePath = args.positionals[0]
        var scenario = try Scenario.load(path: try args.required("scenario"), loadChip: CommandSupport.loadChip)
        scenario.runs = 1
        let trace = try FailureTrace.load(
            path: tracePath, chip: scenario.chip, cores: scenario.cores, durationYears: scenario.durationYears,
            storage: scenario.weightStorage, workloadSize: scenario.workloadSize)
        let engine = try MissionCommand.engineOption(args)
        let out = args.string("out") ?? MissionCommand.defaultFolder(scenario.name, suffix: "-replay")
        let reservation = try MissionReport.reserveOutput(out)
        defer { reservation.release() }
        let started = Date()
        if args.has("clip") { scenario.clip = true }
        let runner = try MissionRunner(scenario: scenario, engine: engine, effort: try MissionCommand.effortOption(args))
        let run = runner.fly(run: 0, events: trace.events)
        try MissionCommand.requireFiniteErf([run], scenario: scenario)
        let report = MissionReport(
            scenario: scenario, engine: engine, runs: [run], checkpoints: runner.checkpoints,
            workloadInputs: runner.monitor.workload.count)
        let written = try report.write(to: out)
        if args.has("json") {
            console.out(report.summary.rendered() + "\n")
        } else {
            console.out("Replayed \(tracePath) (\(counted(trace.events.count, "failure")))\n" + MissionCommand.readable(
                report, runner: runner, seconds: Date().timeIntervalSince(started), written: written))
        }
        return report.monteCarlo.boundViolations > 0 || run.certifiedViolations > 0 ? .internalError : .success
    }
}

import Foundation
import NeuroFailCore
import NeuroFailEngine
import NeuroFailMission

/// `neurofail mission-merge`: combines the part files of `mission --shard i/n` into the unsharded mission's files.
enum MissionMergeCommand: Command {
    static let spec = CommandSpec(
        name: "mission-merge",
        abstract: "Combine the part files of 'mission --shard i/n' into the whole mission's report files.",
        discussion: """
            Checks that the parts are of this scenario (same file bytes, chip, workload, seed, number of runs and
            engine), disjoint, and cover every run exactly once, then writes and prints exactly what the unsharded
            'mission' writes: runs are independent with their own random streams, so this is exact.
            """,
        arguments: [
            .init(name: "scenario", help: "The scenario the parts were flown from."),
            .init(name: "parts", help: "Part files (neurofail.mission-part/3), in any order.", repeating: true),
        ],
        options: [
            .option("out", "dir", "Output folder (default: out/<scenario name>)."),
            .option("reliability", "p", "Fraction of missions a life or spare figure covers, in (0, 1) (default 0.99: B1 life)."),
            .option("confidence", "c", "Confidence level of intervals, lives and spare neurons, in (0, 1) (default 0.95)."),
            .flag("json", "Print summary.json instead of the readable summary."),
        ],
        usage: "[--out <dir>] [--reliability <p>] [--confidence <c>] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let started = Date()
        let levels = try MissionCommand.levelOptions(args)
        var scenario = try Scenario.load(path: args.positionals[0], loadChip: CommandSupport.loadChip)
        let reservation = try MissionReport.reserveOutput(MissionCommand.outputFolder(args, scenario: scenario))
        defer { reservation.release() }
        var parts = [(path: String, part: MissionPart)]()
        for path in args.positionals.dropFirst() {
            let part = try MissionPart.load(path: path)
            try part.checkComponents(chip: scenario.chip, cores: scenario.cores, file: path)
            parts.append((path, part))
        }
        guard let first = parts.first else { throw InputError.usage("neurofail mission-merge: missing <parts> (see 'neurofail mission-merge --help')") }
        // The runs, seed and engine the parts were flown with (the identity check below catches any other difference).
        let identity = JSONField(value: first.part.identity, file: first.path, path: "identity")
        scenario.runs = first.part.totalRuns
        guard let seed = UInt64(try identity["seed"].string()) else { throw identity["seed"].invalid("expected an unsigned integer") }
        scenario.seed = seed
        let engineName = try identity["engine"].string()
        guard let engine = MonitorEngine(rawValue: engineName) else { throw identity["engine"].invalid("unknown engine '\(engineName)'") }
        let effortText = try identity["effort"].string()
        guard let effort = MissionRunner.Effort(parsing: effortText) else { throw identity["effort"].invalid("unknown effort '\(effortText)'") }
        let runner = try MissionRunner(scenario: scenario, engine: engine, effort: effort)
        let runs = try MissionPart.merge(
            parts, expected: try MissionPart.identity(runner, engine: engine), scenario: args.positionals[0])
        return try MissionCommand.report(
            runs, runner: runner, engine: engine, levels: levels, started: started, args, console: console)
    }
}

import Foundation
import NeuroFailCore
import NeuroFailEngine

/// `neurofail merge`: combines the part files of a sharded `omega` run into the whole run's result.
enum MergeCommand: Command {
    static let spec = CommandSpec(
        name: "merge",
        abstract: "Combine the part files of 'omega --shard i/n' into the whole run's result.",
        discussion: """
            Checks that the parts come from one campaign (same chip and input fingerprints, same options), are
            disjoint and cover every crash set exactly once, then prints exactly what the unsharded 'omega' prints
            (table, or --json with the same keys): counts and maxima identical, sums to the last bits.
            Mission parts ('mission --shard i/n') are combined by 'neurofail mission-merge'.
            """,
        arguments: [.init(name: "parts", help: "Part files (neurofail.omega-part/1), in any order.", repeating: true)],
        options: [
            .flag("json", "Print JSON instead of a table."),
            OmegaCommand.noStudyFlag,
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "[--json] [--no-study] [--out <file>]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        var parts = [(path: String, part: OmegaPart)]()
        for path in args.positionals { parts.append((path, try OmegaPart.load(path: path))) }
        let whole = try OmegaPart.merge(parts)
        return try OmegaCommand.emit(report: whole.report, stats: whole.statistics, args, console: console)
    }
}

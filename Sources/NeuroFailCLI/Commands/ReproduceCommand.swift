import Foundation
import NeuroFailCore
import NeuroFailReproduction

/// `neurofail reproduce`: runs one of the paper's experiments (or all) and writes its data, plot and headline numbers.
enum ReproduceCommand: Command {
    static let spec = CommandSpec(
        name: "reproduce",
        abstract: "Reproduce a figure of the paper: data (CSV), plot (SVG), headline numbers.",
        discussion: """
            FIG is one of fig3, fig4, fig5, fig6, fig7, fig8, fig10, or all. --quick runs each in
            seconds on small sizes (as CI does); without it, the full reproduction. The trained-network figures
            need the data fetched by scripts/fetch-data.sh (--data, default ./data). Docs/reproduction.md sets
            each claim of the paper beside our numbers.
            """,
        arguments: [.init(name: "figure", help: "fig3, fig4, ... or all.")],
        options: [
            .flag("quick", "Small sizes, seconds per figure."),
            .option("out", "dir", "Output folder (default out/reproduce); each figure writes <dir>/<fig>/."),
            .option("seed", "s", "Master seed (default 2017)."),
            .option("data", "dir", "The data folder for the trained-network figures (default ./data)."),
            .option("threads", "n", "Worker threads (default: all cores); results do not depend on it."),
            .flag("json", "Print the headline numbers as JSON."),
        ],
        usage: "[--quick] [--out <dir>] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let name = args.positionals[0]
        let figures: [any Figure]
        if name == "all" {
            figures = Reproduction.figures
        } else if let figure = Reproduction.figure(name) {
            figures = [figure]
        } else if let parent = Reproduction.producedBy[name] {
            throw InputError.usage(
                "neurofail reproduce: \(name) is produced by \(parent) (one run writes both): run 'neurofail reproduce \(parent)'")
        } else {
            throw InputError.usage(
                "neurofail reproduce: unknown figure '\(name)'; expected one of \(Reproduction.figures.map(\.id).joined(separator: ", ")) or all")
        }
        let options = ReproductionOptions(
            quick: args.has("quick"), seed: try args.seed() ?? 2017, threads: try CommandSupport.threads(args),
            dataDirectory: args.string("data") ?? "data")
        let out = args.string("out") ?? "out/reproduce"
        var headlines = [(String, JSONValue)]()
        for figure in figures {
            // The step in words, and for figures that can tell (fig7), the fraction done and the time left.
            let line = ProgressLine(console: console, label: figure.id)
            var figureOptions = options
            figureOptions.progressFraction = { line.update($0) }
            let result = try figure.run(figureOptions) { step in line.note(step) }
            line.finish()
            let written = try Reproduction.write(result, to: out)
            headlines.append((result.id, result.headline))
            if !args.has("json") {
                console.out("\(figure.id): \(figure.title)\n\(result.summary)\n")
                console.out("Wrote " + written.joined(separator: ", ") + "\n\n")
            }
        }
        if args.has("json") {
            console.out((figures.count == 1 ? headlines[0].1 : JSONValue.object(headlines)).rendered() + "\n")
        }
        return .success
    }
}

import NeuroFailBounds
import NeuroFailCore

/// `neurofail erf`: the bound of Eq. 4 (and its average variant) for given crash counts, from the weights alone.
enum ErfCommand: Command {
    static let spec = CommandSpec(
        name: "erf",
        abstract: "Bound the output error for given crash counts, from the weights alone (Eq. 4).",
        discussion: """
            Erf is the paper's worst-case bound (w_m = max |w| per layer): a theorem, Omega_max <= Erf.
            Erf_av replaces max |w| by mean |w|: the paper's estimator of the average error Omega_av, not a bound.
            C_l bounds each layer's outputs: 1 for sigmoid and tanh, interval propagation over the input domain for the others.
            """,
        arguments: [.init(name: "chip", help: CommandSupport.chipArgumentHelp)],
        options: [
            .option("failures", "counts", "Crashed neurons per hidden layer, e.g. 1,0,2."),
            .option("synapse-failures", "counts", "Crashed synapses per weight matrix, readout last, e.g. 0,3,0,1."),
            .flag("json", "Print JSON instead of a table."),
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "--failures <counts> [--synapse-failures <counts>] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        guard let counts = try CommandSupport.faultCounts(args, chip: chip, chipPath: path) else { return .badInput }
        let bound = ErfBound(chip: chip)
        let erf = bound.erf(counts, .max)
        let erfAverage = bound.erf(counts, .mean)
        let json: JSONValue = [
            "chip": .string(chip.name), "file": .string(path),
            "failures": .integers(counts.neurons), "synapseFailures": .integers(counts.synapses),
            "erf": .number(erf), "erfAverage": .number(erfAverage),
            "outputBounds": .numbers(bound.outputBounds),
            "outputBoundMethods": .array(bound.outputBoundMethods.map { .string($0.rawValue) }),
        ]
        try CommandSupport.emit(json, args, console: console) {
            var table = TextTable(["layer", "N_l", "f_l", "C_l", "C_l from"])
            for l in 0..<chip.depth {
                table.add([
                    "\(l + 1)", "\(chip.widths[l])", "\(counts.neurons[l])", formatNumber(bound.outputBounds[l]),
                    bound.outputBoundMethods[l].rawValue,
                ])
            }
            var text = CommandSupport.shape(chip) + "\n"
            text += "crashed neurons per layer: \(CommandSupport.list(counts.neurons))"
            if counts.synapses.contains(where: { $0 > 0 }) {
                text += "; crashed synapses per matrix: \(CommandSupport.list(counts.synapses))"
            }
            text += "\n\n" + table.rendered + "\n\n"
            var result = TextTable(["", "value", ""])
            result.add(["Erf", formatNumber(erf), "worst case: Omega_max <= Erf on every input (a theorem)"])
            result.add(["Erf_av", formatNumber(erfAverage), "the paper's estimator of Omega_av (not a bound)"])
            return text + result.rendered + "\n"
        }
        return .success
    }
}

import NeuroFailBounds
import NeuroFailCore

/// `neurofail tolerance`: how many crashes a chip tolerates within an error budget, from Erf alone.
enum ToleranceCommand: Command {
    static let spec = CommandSpec(
        name: "tolerance",
        abstract: "How many crashed neurons a chip tolerates with Erf within a budget.",
        discussion: """
            For each layer: the largest f_l (other layers intact) with Erf <= budget. In total: the largest f such
            that every placement of up to f crashes over the layers keeps Erf <= budget. The same with Erf_av,
            the paper's average-case estimator. The budget is the paper's epsilon - epsilon'.
            """,
        arguments: [.init(name: "chip", help: CommandSupport.chipArgumentHelp)],
        options: [
            .option("budget", "epsilon", "The error budget epsilon - epsilon' (> 0)."),
            .flag("json", "Print JSON instead of a table."),
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "--budget <epsilon> [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        guard let budget = try args.number("budget", positive: true) else {
            throw InputError.usage("neurofail tolerance: missing --budget (see 'neurofail tolerance --help')")
        }
        let bound = ErfBound(chip: chip)
        let worst = try bound.tolerance(budget: budget, .max)
        let average = try bound.tolerance(budget: budget, .mean)
        let json: JSONValue = [
            "chip": .string(chip.name), "file": .string(path), "budget": .number(budget),
            "widths": .integers(chip.widths),
            "erf": toleranceJSON(worst), "erfAverage": toleranceJSON(average),
        ]
        try CommandSupport.emit(json, args, console: console) {
            var text = CommandSupport.shape(chip) + "\nbudget epsilon - epsilon' = \(formatNumber(budget))\n\n"
            var table = TextTable(["layer", "N_l", "max f_l (Erf)", "max f_l (Erf_av)"])
            for l in 0..<chip.depth {
                table.add(["\(l + 1)", "\(chip.widths[l])", "\(worst.neuronsPerLayer[l])", "\(average.neuronsPerLayer[l])"])
            }
            table.add(["any", "\(chip.neuronCount)", "\(worst.neurons)", "\(average.neurons)"])
            text += table.rendered + "\n\n"
            text += "Erf (worst case, a theorem): the chip tolerates \(counted(worst.neurons, "crashed neuron")) wherever they fall.\n"
            text += "Erf_av (the paper's average estimator): \(average.neurons).\n"
            return text
        }
        return .success
    }
}

/// A tolerance as JSON: per-layer and total tolerated crashes, and the placement that first breaks the budget.
func toleranceJSON(_ t: Tolerance) -> JSONValue {
    [
        "neuronsPerLayer": .integers(t.neuronsPerLayer), "neurons": .number(Double(t.neurons)),
        "synapsesPerMatrix": .integers(t.synapsesPerMatrix),
        "firstBreak": t.firstBreak.map { ["neurons": .integers($0.neurons), "erf": .number($0.erf)] } ?? .null,
    ]
}

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
            .option("placements", "n", "Bound every placement when there are at most n of them, else search greedily (default 200)."),
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
        // Before the Erf tolerances, which take minutes on a 10⁶-neuron chip: a chip the fault-set bound refuses is
        // refused at once, in one line.
        try FaultSetBound.check(chip)
        let bound = ErfBound(chip: chip)
        let worst = try bound.tolerance(budget: budget, .max)
        let average = try bound.tolerance(budget: budget, .mean)
        let limit = try args.integer("placements", in: 1...1_000_000) ?? 200
        let certified = certifiedTolerance(chip: chip, budget: budget, limit: limit)
        // The fault-set bound back-substitutes up to a size, then falls back to intervals: say which one answered.
        let backSubstituted = FaultSetBound.backSubstitutes(chip)
        let method = backSubstituted ? "back-substitution" : "intervals"
        let json: JSONValue = [
            "chip": .string(chip.name), "file": .string(path), "budget": .number(budget),
            "widths": .integers(chip.widths),
            "erf": toleranceJSON(worst), "erfAverage": toleranceJSON(average),
            "certifiedMethod": .string(method),
            "certified": .array(certified.map { c in
                [
                    "layer": .number(Double(c.layer)), "tolerated": .number(Double(c.tolerated)),
                    "exact": .bool(c.exact), "firstFailingBound": c.failing.map { .number($0) } ?? .null,
                    "placementsBounded": .number(Double(c.examined)),
                ]
            }),
        ]
        try CommandSupport.emit(json, args, console: console) {
            var text = CommandSupport.shape(chip) + "\nbudget epsilon - epsilon' = \(formatNumber(budget))\n\n"
            var table = TextTable(["layer", "N_l", "max f_l (Erf)", "max f_l (Erf_av)", "max f_l (fault-set bound)", "how"])
            for l in 0..<chip.depth {
                let c = certified[l]
                let how = c.exact
                    ? (c.failing.map { "a placement of \(c.tolerated + 1) is not certified (bound \(CommandSupport.bound($0)))" } ?? "every crash in the layer certified")
                    : "at least: \(c.tolerated + 1) crashes too many placements to bound all; greedy ones stayed within"
                table.add([
                    "\(l + 1)", "\(chip.widths[l])", "\(worst.neuronsPerLayer[l])", "\(average.neuronsPerLayer[l])",
                    c.exact ? "\(c.tolerated)" : ">= \(c.tolerated)", how,
                ])
            }
            table.add(["any", "\(chip.neuronCount)", "\(worst.neurons)", "\(average.neurons)", "", ""])
            text += table.rendered + "\n\n"
            text += "Erf (worst case, a theorem): the chip tolerates \(counted(worst.neurons, "crashed neuron")) wherever they fall.\n"
            text += "Erf_av (the paper's average estimator): \(average.neurons).\n"
            let how = backSubstituted
                ? "back-substitution"
                : "intervals: \(CommandSupport.tooLargeToBackSubstitute)"
            text += "Fault-set bound (\(how), over the chip's input domain): per layer, the largest f whose every placement is certified within the budget (exact where a placement of f + 1 breaks it; '>=' where f + 1 had too many placements to bound them all).\n"
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

/// Per hidden layer, how many crashes the fault-set bound certifies within `budget` for every placement.
struct CertifiedLayerTolerance {
    let layer: Int
    /// The largest f with every placement of f crashes in this layer certified ≤ budget. Exact when the next count
    /// has a placement whose certified bound exceeds the budget (found by enumeration or by greedy search: either
    /// way a real placement) or the whole layer is certified; otherwise a lower bound (the next count had too many
    /// placements to bound them all, and the greedy ones stayed within budget).
    let tolerated: Int
    let exact: Bool
    /// The bound of the first placement that broke the budget.
    let failing: Double?
    let examined: Int
}

func certifiedTolerance(chip: Chip, budget: Double, limit: Int) -> [CertifiedLayerTolerance] {
    let analysis = FaultSetBound(chip: chip)
    return (0..<chip.depth).map { l in
        var exact = true, examined = 0
        var f = 0
        var failing: Double?
        while f < chip.widths[l] {
            var counts = [Int](repeating: 0, count: chip.depth)
            counts[l] = f + 1
            let worst = analysis.worstPlacement(neurons: counts, limit: limit)
            examined += worst.examined
            if !(worst.value <= budget) {
                failing = worst.value
                break
            }
            // Within budget by greedy search only: the certificate may still fail for another placement.
            if !worst.exhaustive {
                exact = false
                break
            }
            f += 1
        }
        return CertifiedLayerTolerance(layer: l + 1, tolerated: f, exact: exact, failing: failing, examined: examined)
    }
}

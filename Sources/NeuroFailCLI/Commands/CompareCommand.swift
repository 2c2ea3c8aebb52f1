import NeuroFailBounds
import NeuroFailCore

/// `neurofail compare`: ranks chips by Erf — the paper's "which of my three networks is the most robust" question,
/// answered without any training data.
enum CompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Rank chips by robustness (Erf), from their weights alone.",
        discussion: """
            With --failures, every chip gets the same per-layer crash counts (the chips must have the same depth).
            With --crashes f, f crashes anywhere, Erf at its worst placement (any shapes). With --budget, each
            chip's tolerance is shown too. The most robust chip (lowest Erf) is ranked first.
            """,
        arguments: [.init(name: "chips", help: "Two or more chips (chip JSON, .npy manifests or ONNX models).", repeating: true)],
        options: [
            .option("failures", "counts", "Crashed neurons per hidden layer, the same for every chip."),
            .option("crashes", "f", "Crash f neurons anywhere (worst placement per chip)."),
            .option("budget", "epsilon", "Also show how many crashes each chip tolerates within this budget."),
            .flag("json", "Print JSON instead of a table."),
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "(--failures <counts> | --crashes <f>) [--budget <epsilon>] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let paths = args.positionals
        guard paths.count >= 2 else {
            throw InputError.usage(
                "neurofail compare: give two or more chips to rank, found one (for a single chip's Erf use 'neurofail erf')")
        }
        let chips = try paths.map { path throws(InputError) in try CommandSupport.loadChip(path) }
        let budget = try args.number("budget", positive: true)
        let total = try args.integer("crashes", in: 0...Int.max)
        if total == nil, args.string("failures") == nil {
            throw InputError.usage("neurofail compare: missing --failures or --crashes (see 'neurofail compare --help')")
        }
        struct Row {
            let path: String, chip: Chip, erf: Double, erfAverage: Double, placement: [Int]
            let tolerance: Int?, toleranceAverage: Int?
        }
        var rows = [Row]()
        for (path, chip) in zip(paths, chips) {
            let bound = ErfBound(chip: chip)
            let erf: Double, erfAverage: Double, placement: [Int]
            if let total {
                guard total <= chip.neuronCount else {
                    throw InputError.invalidOption(option: "--crashes", reason: "\(path) has only \(counted(chip.neuronCount, "neuron")), cannot crash \(total)")
                }
                let w = try bound.worstPlacement(crashes: total, .max)
                (erf, placement) = (w.erf, w.neurons)
                erfAverage = try bound.worstPlacement(crashes: total, .mean).erf
            } else {
                guard let counts = try CommandSupport.faultCounts(args, chip: chip, chipPath: path) else { return .badInput }
                (erf, erfAverage, placement) = (bound.erf(counts, .max), bound.erf(counts, .mean), counts.neurons)
            }
            rows.append(Row(
                path: path, chip: chip, erf: erf, erfAverage: erfAverage, placement: placement,
                tolerance: try budget.map { b throws(BoundsError) in try bound.tolerance(budget: b, .max).neurons },
                toleranceAverage: try budget.map { b throws(BoundsError) in try bound.tolerance(budget: b, .mean).neurons }))
        }
        // Stable ranking: by Erf, then Erf_av, then the order given.
        let ranked = rows.enumerated().sorted { a, b in
            (a.element.erf, a.element.erfAverage, a.offset) < (b.element.erf, b.element.erfAverage, b.offset)
        }.map(\.element)
        let json: JSONValue = [
            "budget": budget.map { .number($0) } ?? .null,
            "crashes": total.map { .number(Double($0)) } ?? .null,
            "ranking": .array(ranked.enumerated().map { i, r in
                [
                    "rank": .number(Double(i + 1)), "chip": .string(r.chip.name), "file": .string(r.path),
                    "erf": .number(r.erf), "erfAverage": .number(r.erfAverage), "failures": .integers(r.placement),
                    "tolerance": r.tolerance.map { .number(Double($0)) } ?? .null,
                    "toleranceAverage": r.toleranceAverage.map { .number(Double($0)) } ?? .null,
                ]
            }),
        ]
        try CommandSupport.emit(json, args, console: console) {
            var header = ["rank", "chip", "shape", "Erf", "Erf_av", "crashes per layer"]
            if budget != nil { header += ["tolerates (Erf)", "tolerates (Erf_av)"] }
            var table = TextTable(header)
            for (i, r) in ranked.enumerated() {
                var row = ["\(i + 1)", r.chip.name, r.chip.widths.map(String.init).joined(separator: "-"),
                           formatNumber(r.erf), formatNumber(r.erfAverage), CommandSupport.list(r.placement)]
                if budget != nil { row += ["\(r.tolerance ?? 0)", "\(r.toleranceAverage ?? 0)"] }
                table.add(row)
            }
            var text = table.rendered + "\n\n"
            if let best = ranked.first { text += "Most robust: \(best.chip.name) (\(best.path)), lowest Erf.\n" }
            return text
        }
        return .success
    }
}

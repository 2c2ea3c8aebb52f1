import NeuroFailBounds
import NeuroFailEngine
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
            .option("inputs", "file", "A workload (CSV) of the task: rank by the decisions the crashes flip on it, measured, beside the bounds."),
            .option("random-inputs", "n", "Or n inputs drawn uniformly over each chip's domain (with --seed)."),
            .option("seed", "s", "Seed for random inputs and sampled crash sets (default 1)."),
            .option("placements", "n", "Bound (and measure) every placement when there are at most n, else search or sample n (default 200)."),
            .flag("clip", "Clip --inputs outside a chip's domain into it instead of refusing them."),
            .flag("json", "Print JSON instead of a table."),
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "(--failures <counts> | --crashes <f>) [--budget <epsilon>] [--inputs <file> | --random-inputs <n>] [--json]")

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
            let certified: FaultSetBound.PlacementBound
            let flips: PlacementFlips?
            let tolerance: Int?, toleranceAverage: Int?
        }
        let limit = try args.integer("placements", in: 1...1_000_000) ?? 200
        let wantsInputs = args.string("inputs") != nil || args.string("random-inputs") != nil
        var rows = [Row]()
        for (path, chip) in zip(paths, chips) {
            let bound = ErfBound(chip: chip)
            let erf: Double, erfAverage: Double, placement: [Int], at: FaultCounts
            if let total {
                guard total <= chip.neuronCount else {
                    throw InputError.invalidOption(option: "--crashes", reason: "\(path) has only \(counted(chip.neuronCount, "neuron")), cannot crash \(total)")
                }
                let w = try bound.worstPlacement(crashes: total, .max)
                (erf, placement, at) = (w.erf, w.neurons, FaultCounts(neurons: w.neurons))
                erfAverage = try bound.worstPlacement(crashes: total, .mean).erf
            } else {
                guard let counts = try CommandSupport.faultCounts(args, chip: chip, chipPath: path) else { return .badInput }
                (erf, erfAverage, placement, at) = (bound.erf(counts, .max), bound.erf(counts, .mean), counts.neurons, counts)
            }
            // A bound that is not a number cannot be ranked (NaN compares false with everything, and an overflowed
            // Erf says nothing): the chip and the layer are named instead.
            guard erf.isFinite, erfAverage.isFinite else {
                throw CommandSupport.erfOverflow(bound, at, chipPath: path, consequence: "so the chips cannot be ranked on it")
            }
            try FaultSetBound.check(chip)
            let certified = FaultSetBound(chip: chip).worstPlacement(neurons: placement, limit: limit)
            guard certified.value.isFinite else {
                throw InputError.invalidField(
                    file: path, field: "layers",
                    reason: "the certified bound for the worst placement of these crashes overflows Float64 (> 1.8e308), so the chips cannot be ranked on it; scale the weights down or crash fewer neurons")
            }
            var flips: PlacementFlips?
            if wantsInputs, chip.outputCount > 1 {
                let inputs = try CommandSupport.inputs(args, chip: chip).batch
                flips = PlacementFlips(chip: chip, inputs: inputs, neurons: placement, limit: limit, seed: try args.seed() ?? 1)
            }
            rows.append(Row(
                path: path, chip: chip, erf: erf, erfAverage: erfAverage, placement: placement,
                certified: certified, flips: flips,
                tolerance: try budget.map { b throws(BoundsError) in try bound.tolerance(budget: b, .max).neurons },
                toleranceAverage: try budget.map { b throws(BoundsError) in try bound.tolerance(budget: b, .mean).neurons }))
        }
        // With a workload, by the task: the decisions the crashes flip, measured (then the certified bound, then the
        // order given). Without one, by the certified bound for the worst placement, then Erf: score bounds of
        // chips whose scores have different scales are not comparable, which is why a workload is better.
        let ranked = rows.enumerated().sorted { a, b in
            let x = a.element, y = b.element
            if let fx = x.flips, let fy = y.flips, fx.mean != fy.mean { return fx.mean < fy.mean }
            // Every bound is finite (checked above), so the order is total.
            return (x.certified.value, x.erf, a.offset) < (y.certified.value, y.erf, b.offset)
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
                    "certifiedBound": .number(r.certified.value), "certifiedExhaustive": .bool(r.certified.exhaustive),
                    "certifiedPlacementsBounded": .number(Double(r.certified.examined)),
                    "decisionFlips": r.flips.map { .number($0.mean) } ?? .null,
                    "decisionFlipsWorst": r.flips.map { .number($0.worst) } ?? .null,
                    "flipsExhaustive": r.flips.map { .bool($0.exhaustive) } ?? .null,
                    "crashSetsMeasured": r.flips.map { .number(Double($0.sets)) } ?? .null,
                ]
            }),
        ]
        try CommandSupport.emit(json, args, console: console) {
            var header = ["rank", "chip", "shape", "Erf", "Erf_av", "certified (worst placement)", "crashes per layer"]
            if wantsInputs { header += ["decision flips (mean)", "(worst set)"] }
            if budget != nil { header += ["tolerates (Erf)", "tolerates (Erf_av)"] }
            var table = TextTable(header)
            for (i, r) in ranked.enumerated() {
                var row = ["\(i + 1)", TextInput.printable(r.chip.name), r.chip.widths.map(String.init).joined(separator: "-"),
                           CommandSupport.bound(r.erf), CommandSupport.bound(r.erfAverage),
                           (r.certified.exhaustive ? "" : ">= ") + CommandSupport.bound(r.certified.value), CommandSupport.list(r.placement)]
                if let f = r.flips {
                    row += [String(format: "%.2f%%", 100 * f.mean), String(format: "%.2f%%", 100 * f.worst)]
                } else if wantsInputs {
                    row += ["n/a (1 output)", ""]
                }
                if budget != nil { row += ["\(r.tolerance ?? 0)", "\(r.toleranceAverage ?? 0)"] }
                table.add(row)
            }
            var text = table.rendered + "\n\n"
            if let best = ranked.first {
                text += "Most robust: \(TextInput.printable(best.chip.name)) (\(best.path)), "
                text += wantsInputs ? "fewest decisions flipped on the workload.\n" : "lowest certified bound for the worst placement.\n"
            }
            text += "certified: the fault-set bound (back-substitution) maximised over placements: exact where every placement was bounded, '>=' where they were searched greedily (a lower bound of that maximum).\n"
            if wantsInputs {
                text += "decision flips: measured on the workload, mean and worst over \(rows.first.map { $0.flips?.exhaustive == true ? "every crash set" : "\(limit) sampled crash sets" } ?? "the crash sets").\n"
            } else {
                text += "Score bounds of chips whose scores have different scales are not comparable: give --inputs (a workload of the task) to rank by decisions.\n"
            }
            return text
        }
        return .success
    }
}

/// The decisions that crashes of given per-layer counts flip on a workload, measured: over every placement when
/// there are at most `limit`, else over `limit` placements drawn from `seed`.
struct PlacementFlips {
    let mean: Double
    let worst: Double
    let exhaustive: Bool
    let sets: Int

    init(chip: Chip, inputs: InputBatch, neurons: [Int], limit: Int, seed: UInt64) {
        let evaluator = Evaluator(chip: chip)
        let prepared = evaluator.prepare(inputs)
        let m = chip.outputCount
        let pristine = evaluator.outputs(prepared, faults: FaultSet(pristine: chip))
        func decisions(_ outputs: [Double]) -> [Int] {
            (0..<inputs.count).map { i in
                var best = 0
                for k in 1..<max(m, 1) where outputs[i * m + k] > outputs[i * m + best] { best = k }
                return best
            }
        }
        let launch = decisions(pristine)
        var total = 1.0
        for (f, n) in zip(neurons, chip.widths) { total *= FaultSetBound.binomialCount(n, f) }
        var placements = [[[Int]]]()
        if total <= Double(limit) {
            func visit(_ l: Int, _ chosen: [[Int]]) {
                if l == chip.depth { placements.append(chosen); return }
                for s in FaultSetBound.allSubsets(of: chip.widths[l], size: neurons[l]) { visit(l + 1, chosen + [s]) }
            }
            visit(0, [])
            exhaustive = true
        } else {
            var rng = Xoshiro256(seed: seed)
            placements = (0..<limit).map { _ in zip(neurons, chip.widths).map { f, n in rng.sample(f, from: n).sorted() } }
            exhaustive = false
        }
        var sum = 0.0, top = 0.0
        for p in placements {
            let d = decisions(evaluator.outputs(prepared, faults: FaultSet(neurons: p)))
            let fraction = Double(zip(d, launch).filter { $0 != $1 }.count) / Double(max(1, inputs.count))
            sum += fraction
            top = max(top, fraction)
        }
        mean = sum / Double(max(1, placements.count))
        worst = top
        sets = placements.count
    }
}

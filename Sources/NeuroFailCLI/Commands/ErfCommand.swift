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
            .option("crashed", "names", "A concrete fault set, e.g. n1.3,n2.17,s1.4.20: adds its certified bound and the worst input found."),
            .option("crashed-file", "trace", "The fault set of every failure in a trace (CSV, Docs/trace-format.md)."),
            .option("domain", "file", "Bound over this box instead of the chip's domain: a CSV of inputs (its envelope) or a neurofail.domain/1 file."),
            .option("norm", "norm", "Output deviation norm: linf (default), l1 or l2."),
            .flag("tight", "Spend more: split the domain into up to 64 boxes and search from 256 random starts."),
            .option("subdomains", "n", "Boxes the tight bound may split the domain into (default 1, 64 with --tight)."),
            .option("search-starts", "n", "Random starts of the worst-input search (default 32, 256 with --tight)."),
            .flag("json", "Print JSON instead of a table."),
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "(--failures <counts> [--synapse-failures <counts>] | --crashed <names> | --crashed-file <trace>) [--domain <file>] [--tight] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        if let faults = try CommandSupport.crashedFaultSet(args, chip: chip, chipPath: path) {
            if args.string("failures") != nil || args.string("synapse-failures") != nil {
                throw InputError.invalidOption(option: "--crashed", reason: "give either crash counts (--failures) or a fault set (--crashed), not both")
            }
            return try runFaultSet(faults, chip: chip, path: path, args, console: console)
        }
        guard let counts = try CommandSupport.faultCounts(args, chip: chip, chipPath: path) else { return .badInput }
        let bound = ErfBound(chip: chip)
        try CommandSupport.requireFiniteErf(bound, counts, chipPath: path, consequence: "so it bounds nothing")
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
            result.add(["Erf", CommandSupport.bound(erf), "worst case: Omega_max <= Erf on every input (a theorem)"])
            result.add(["Erf_av", CommandSupport.bound(erfAverage), "the paper's estimator of Omega_av (not a bound)"])
            return text + result.rendered + "\n"
        }
        return .success
    }

    /// `erf --crashed`: the study of one concrete fault set.
    static func runFaultSet(_ faults: FaultSet, chip: Chip, path: String, _ args: ParsedArguments, console: Console) throws -> ExitCode {
        let box = try CommandSupport.domain(args, chip: chip)
        let norm = try CommandSupport.norm(args)
        try FaultSetBound.check(chip)
        let study = FaultSetStudy(
            chip: chip, faults: faults, box: box, norm: norm, subdomains: try CommandSupport.subdomains(args),
            searchStarts: try CommandSupport.searchStarts(args))
        let f = study.faults
        if !study.erf.isFinite || !study.erfAverage.isFinite {
            throw CommandSupport.erfOverflow(
                ErfBound(chip: chip), FaultCounts(f), chipPath: path, consequence: "so it bounds nothing")
        }
        if !study.certified.isFinite {
            throw InputError.invalidField(
                file: path, field: "layers",
                reason: "the certified bound of these crashes overflows Float64 (> 1.8e308), so it bounds nothing; scale the weights down or crash fewer components")
        }
        let names = f.neurons.enumerated().flatMap { l, list in list.map { NeuronID(layer: l + 1, index: $0).description } }
            + f.synapses.enumerated().flatMap { l, list in
                list.map { chip.synapse(layer: l + 1, index: $0).description }
            }
        var pairs: [(String, JSONValue)] = [
            ("chip", .string(chip.name)), ("file", .string(path)), ("norm", .string(norm.rawValue)),
            ("crashed", .array(names.map { .string($0) })),
            ("failures", .integers(f.neuronCounts)), ("synapseFailures", .integers(f.synapseCounts)),
        ]
        pairs += CommandSupport.studyJSON(study)
        try CommandSupport.emit(.object(pairs), args, console: console) {
            var text = CommandSupport.shape(chip) + "\n"
            text += "crashed: \(counted(names.count, "component")) (neurons per layer \(CommandSupport.list(f.neuronCounts)), "
            text += "synapses per matrix \(CommandSupport.list(f.synapseCounts))); box: \(study.linear.domain)\n\n"
            return text + CommandSupport.studyTable(study)
        }
        if study.violated {
            console.err("internal error: the search found a deviation of \(study.found.deviation), above the certified bound \(study.certified): the bound is a theorem, so this is a bug\n")
            return .internalError
        }
        return .success
    }
}

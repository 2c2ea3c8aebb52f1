import NeuroFailCore

/// `neurofail generate`: a seeded random chip as in the paper, section IV (weights ~ N(1, 5)).
enum GenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Write a seeded random chip as in the paper (weights ~ N(1, 5)).",
        discussion: """
            The seed and the recipe are recorded in the file's "generator" field. With --fan-in K every hidden \
            neuron gets K synapses from distinct sources drawn uniformly (a sparse chip, Loihi-class at 10^6 neurons); \
            --window W makes that fan-in local (a neuron's sources drawn from the W sources centred on its own \
            place, as on a chip mapped to cores or with convolutional layers); \
            --format manifest writes it as an .npy manifest (--out DIR/chip.json) with its arrays beside it.
            """,
        options: [
            .option("inputs", "d", "Number of inputs (default 4)."),
            .option("widths", "widths", "Hidden layer widths, e.g. 4,4,4,4 (default: the paper's 4,4,4,4)."),
            .option("outputs", "m", "Number of outputs (default 1)."),
        ] + CommandSupport.activationOptions + [
            .option("mean", "mu", "Mean of the weights (default 1)."),
            .option("std", "sigma", "Standard deviation of the weights (default 5)."),
            .flag("no-bias", "Set every bias to 0 (as the paper's companion code does)."),
            .option("seed", "s", "Random seed (default 1)."),
            .option("name", "name", "The chip's name (default: derived from shape and seed)."),
            .option("fan-in", "K", "Make the hidden layers sparse: K synapses into each neuron, from distinct random sources (default: dense)."),
            .option("window", "W", "With --fan-in: draw each neuron's sources from the W consecutive sources centred on its place (default: the whole layer)."),
            .option("format", "json|manifest", "json: a chip file (default); manifest: an .npy manifest at --out with its arrays beside it."),
            .option("out", "file", "Write the chip here (atomically); default: standard output."),
        ],
        usage: "[--widths <widths>] [--fan-in <K> [--window <W>]] [--format json|manifest] [--activation <name>] [--lipschitz <K>] [--seed <s>] [--out <file>]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let inputs = try args.integer("inputs", in: 1...1_000_000) ?? 4
        let widths = try args.counts("widths") ?? [4, 4, 4, 4]
        guard !widths.isEmpty, widths.allSatisfy({ $0 > 0 }) else {
            throw InputError.invalidOption(option: "--widths", reason: "every width must be >= 1")
        }
        let outputs = try args.integer("outputs", in: 1...1_000_000) ?? 1
        let sizes: [Int] = [inputs] + widths + [outputs]
        let format = args.string("format") ?? "json"
        guard ["json", "manifest"].contains(format) else {
            throw InputError.invalidOption(option: "--format", reason: "expected json or manifest, found '\(format)'")
        }
        let out = args.string("out")
        guard format == "json" || out != nil else {
            throw InputError.invalidOption(option: "--format", reason: "manifest needs --out DIR/chip.json (its arrays are written beside it)")
        }
        let fanIn = try args.integer("fan-in", in: 1...Int(Int32.max))
        if let fanIn {
            for l in 0..<widths.count where fanIn > sizes[l] {
                throw InputError.invalidOption(
                    option: "--fan-in",
                    reason: "\(fanIn) is more than the \(sizes[l]) inputs of hidden layer \(l + 1); give at most \(sizes[0..<widths.count].min() ?? 1)")
            }
        }
        let window = try args.integer("window", in: 1...Int(Int32.max))
        if let window {
            guard let fanIn else {
                throw InputError.invalidOption(option: "--window", reason: "needs --fan-in (a dense chip has no window)")
            }
            guard window >= fanIn else {
                throw InputError.invalidOption(
                    option: "--window", reason: "\(window) is narrower than the fan-in \(fanIn); give at least \(fanIn)")
            }
        }
        var synapses = 0.0
        for l in 1..<sizes.count {
            let dense = l == sizes.count - 1 || fanIn == nil
            synapses += Double(sizes[l]) * (dense ? Double(sizes[l - 1]) : Double(fanIn ?? 0))
        }
        // Each synapse is held as a Double and (sparse) an Int32 source. As a chip file a dense weight is rendered
        // as text of about 20 bytes; a sparse synapse is two JSON values (source and weight, 16 bytes each, in
        // per-neuron arrays) and about 30 bytes of text, held twice while written. As a manifest its arrays are
        // built one file at a time beside the chip.
        let perSynapse = format == "manifest" ? 24.0 : fanIn == nil ? 40 : 120
        try ResourceLimit.checkMemory(synapses * perSynapse, for: "the weights of the chip", change: "give smaller --widths\(fanIn == nil ? "" : " or --fan-in")")
            { .invalidOption(option: "--widths", reason: $0) }
        let activation = try CommandSupport.activation(args)
        let std = try args.number("std") ?? 5
        guard std >= 0 else { throw InputError.invalidOption(option: "--std", reason: "must be >= 0, found \(std)") }
        let (mean, biases, seed) = (try args.number("mean") ?? 1, !args.has("no-bias"), try args.seed() ?? 1)
        let chip = fanIn.map {
            Chip.random(
                inputs: inputs, widths: widths, fanIn: $0, window: window, outputs: outputs, activation: activation,
                mean: mean, std: std, biases: biases, seed: seed, name: args.string("name"))
        } ?? Chip.random(
            inputs: inputs, widths: widths, outputs: outputs, activation: activation,
            mean: mean, std: std, biases: biases, seed: seed, name: args.string("name"))
        if format == "manifest", let out {
            try chip.writeNumPyManifest(to: out)
            console.print("wrote \(out) and its arrays: \(CommandSupport.shape(chip))")
            return .success
        }
        let text = chip.json.rendered() + "\n"
        if let out {
            try AtomicFile.write(text, to: out)
            console.print("wrote \(out): \(CommandSupport.shape(chip))")
        } else {
            console.out(text)
        }
        return .success
    }
}

import NeuroFailCore

/// `neurofail generate`: a seeded random chip as in the paper, section IV (weights ~ N(1, 5)).
enum GenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Write a seeded random chip as in the paper (weights ~ N(1, 5)).",
        discussion: "The seed and the recipe are recorded in the file's \"generator\" field.",
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
            .option("out", "file", "Write the chip here (atomically); default: standard output."),
        ],
        usage: "[--widths <widths>] [--activation <name>] [--lipschitz <K>] [--seed <s>] [--out <file>]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let inputs = try args.integer("inputs", in: 1...1_000_000) ?? 4
        let widths = try args.counts("widths") ?? [4, 4, 4, 4]
        guard !widths.isEmpty, widths.allSatisfy({ $0 > 0 }) else {
            throw InputError.invalidOption(option: "--widths", reason: "every width must be >= 1")
        }
        let outputs = try args.integer("outputs", in: 1...1_000_000) ?? 1
        let sizes: [Int] = [inputs] + widths + [outputs]
        var synapses = 0.0
        for l in 1..<sizes.count { synapses += Double(sizes[l - 1]) * Double(sizes[l]) }
        // Each weight is held as a Double and rendered as text of about 20 bytes.
        try ResourceLimit.checkMemory(synapses * 40, for: "the weights of the chip", change: "give smaller --widths")
            { .invalidOption(option: "--widths", reason: $0) }
        let activation = try CommandSupport.activation(args)
        let std = try args.number("std") ?? 5
        guard std >= 0 else { throw InputError.invalidOption(option: "--std", reason: "must be >= 0, found \(std)") }
        let chip = Chip.random(
            inputs: inputs, widths: widths, outputs: outputs, activation: activation,
            mean: try args.number("mean") ?? 1, std: std, biases: !args.has("no-bias"), seed: try args.seed() ?? 1,
            name: args.string("name"))
        let text = chip.json.rendered() + "\n"
        if let out = args.string("out") {
            try AtomicFile.write(text, to: out)
            console.print("wrote \(out): \(CommandSupport.shape(chip))")
        } else {
            console.out(text)
        }
        return .success
    }
}

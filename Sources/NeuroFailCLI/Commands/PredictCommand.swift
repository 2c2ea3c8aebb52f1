import NeuroFailCore
import NeuroFailEngine

/// `neurofail predict`: the chip's outputs and argmax on given inputs, to check an import against the framework it
/// came from before trusting anything else.
enum PredictCommand: Command {
    static let spec = CommandSpec(
        name: "predict",
        abstract: "Print a chip's outputs and argmax for each input (check an import against its framework).",
        discussion: """
            A chip with an output transform (a final softmax from ONNX) shows the transformed outputs \
            (probabilities), as the framework does; --scores shows the readout's linear scores instead (what Omega \
            and Erf are about). argmax is the same either way.
            """,
        arguments: [.init(name: "chip", help: CommandSupport.chipArgumentHelp)],
        options: [
            .option("inputs", "file", "Inputs, one per line, d numbers separated by commas (CSV)."),
            .option("random-inputs", "n", "Draw n inputs uniformly over the chip's input domain instead."),
            .option("seed", "s", "Seed for --random-inputs (default 1)."),
            .flag("scores", "Show the linear scores even when the chip has an output transform."),
            .flag("clip", "Clip --inputs outside the chip's input domain into it (and say how many) instead of refusing them."),
            .flag("json", "Print JSON (keys outputs, a list of rows, and argmax) instead of a table."),
            .option("out", "file", "Also write the JSON result to this file (atomically)."),
        ],
        usage: "--inputs <file> [--scores] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        let (inputs, source) = try CommandSupport.inputs(args, chip: chip)
        let transform = args.has("scores") ? nil : chip.outputTransform
        let scores = Evaluator(chip: chip).outputs(inputs, faults: FaultSet(pristine: chip), threads: try CommandSupport.threads(args))
        let m = chip.outputCount
        var rows = [[Double]]()
        var argmax = [Int]()
        for i in 0..<inputs.count {
            let z = Array(scores[(i * m)..<((i + 1) * m)])
            guard z.allSatisfy(\.isFinite) else {
                throw InputError.invalidOption(
                    option: "--inputs",
                    reason: "input \(i + 1): the outputs of \(path) overflow (not finite); give inputs within the chip's inputDomain or scale the weights down")
            }
            var best = 0
            for k in 1..<max(1, m) where z[k] > z[best] { best = k }
            rows.append(transform.map { $0(z) } ?? z)
            argmax.append(best)
        }
        let kind = transform?.outputKind ?? "scores"
        let json: JSONValue = [
            "chip": .string(chip.name), "file": .string(path), "inputSource": .string(source),
            "outputKind": .string(kind),
            "outputTransform": chip.outputTransform.map { .string($0.rawValue) } ?? .null,
            "outputs": .array(rows.map { .numbers($0) }), "argmax": .integers(argmax),
        ]
        try CommandSupport.emit(json, args, console: console) {
            var text = CommandSupport.shape(chip) + "\n"
            text += "\(formatCount(inputs.count)) input\(inputs.count == 1 ? "" : "s") (\(source)); outputs are \(kind)"
            if let t = chip.outputTransform {
                text += transform == nil ? " (the readout's linear scores; the chip's \(t.rawValue) not applied)" : " (\(t.rawValue) of the linear scores)"
            }
            text += "\n\n"
            var table = TextTable(["input", "argmax"] + (0..<m).map { "out\($0)" })
            for (i, row) in rows.enumerated() { table.add(["\(i + 1)", "\(argmax[i])"] + row.map(formatNumber)) }
            return text + table.rendered + "\n"
        }
        return .success
    }
}

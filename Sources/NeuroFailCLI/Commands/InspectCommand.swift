import NeuroFailBounds
import NeuroFailCore

/// `neurofail inspect`: what a chip is made of and the constants Erf is built from.
enum InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Show a chip's shape, activations, weight statistics and output bounds C_l.",
        arguments: [.init(name: "chip", help: CommandSupport.chipArgumentHelp)],
        options: [
            .option("storage", "format", "Also say what storing the weights as int8 (a fitted scale per matrix), float16 or float32 costs (default: the chip's weightStorage metadata, if any)."),
            .flag("json", "Print JSON instead of a table."),
        ],
        usage: "[--storage int8|float16|float32] [--json]")

    static func run(_ args: ParsedArguments, console: Console) throws -> ExitCode {
        let path = args.positionals[0]
        let chip = try CommandSupport.loadChip(path)
        let bound = ErfBound(chip: chip)
        let layers = chip.allLayers
        var layerJSON = [JSONValue]()
        var table = TextTable(["layer", "neurons", "synapses in", "activation", "K", "max|w|", "mean|w|", "C_l", "C_l from"])
        for (l, layer) in layers.enumerated() {
            let hidden = l < chip.depth
            let act = layer.activation
            var pairs: [(String, JSONValue)] = [
                ("layer", .number(Double(l + 1))), ("kind", .string(hidden ? "hidden" : "readout")),
                ("neurons", .number(Double(layer.outputs))), ("synapses", .number(Double(layer.synapseCount))),
                ("activation", act.map { .string($0.function.rawValue) } ?? .string("linear")),
                ("lipschitz", act.map { .number($0.lipschitz) } ?? .null),
            ]
            pairs.insert(("type", .string(layer.isDense ? "dense" : layer.sparse == nil ? "convolution" : "sparse")), at: 2)
            if let c = layer.convolution { pairs.append(("convolution", convolutionJSON(c))) }
            if layer.sparse != nil {
                let f = fanIn(layer)
                pairs.append(("fanIn", ["min": .number(Double(f.min)), "mean": .number(f.mean), "max": .number(Double(f.max))]))
            }
            if let act, act.function == .leakyRelu { pairs.append(("alpha", .number(act.alpha))) }
            if let r = act?.clipRange { pairs.append(("clipRange", .numbers([r.lowerBound, r.upperBound]))) }
            pairs += [
                ("maxAbsWeight", .number(layer.maxAbsWeight)), ("meanAbsWeight", .number(layer.meanAbsWeight)),
                ("outputBound", hidden ? .number(bound.outputBounds[l]) : .null),
                ("outputBoundMethod", hidden ? .string(bound.outputBoundMethods[l].rawValue) : .null),
            ]
            layerJSON.append(.object(pairs))
            table.add([
                hidden ? "\(l + 1)" : "\(l + 1) (readout)", "\(layer.outputs)", formatCount(layer.synapseCount),
                act.map(activationName) ?? "linear", act.map { formatNumber($0.lipschitz) } ?? "-",
                formatNumber(layer.maxAbsWeight), formatNumber(layer.meanAbsWeight),
                hidden ? formatNumber(bound.outputBounds[l]) : "-", hidden ? bound.outputBoundMethods[l].rawValue : "-",
            ])
        }
        let storage = try Self.storage(args, chip: chip, path: path)
        var json: JSONValue = [
            "chip": .string(chip.name), "file": .string(path), "inputs": .number(Double(chip.inputCount)),
            "outputs": .number(Double(chip.outputCount)), "widths": .integers(chip.widths),
            "neurons": .number(Double(chip.neuronCount)), "synapses": .number(Double(chip.synapseCount)),
            "inputDomain": ["lower": .number(chip.inputDomain.lower), "upper": .number(chip.inputDomain.upper)],
            "layers": .array(layerJSON),
            "outputTransform": chip.outputTransform.map { .string($0.rawValue) } ?? .null,
            "metadata": .object(chip.metadata),
        ]
        if let storage, case let .object(pairs) = json {
            json = .object(pairs + [("weightStorage", [
                "format": .string(storage.storage.description),
                "quantizationError": .array(storage.error.map { .number($0) }),
            ])])
        }
        try CommandSupport.emit(json, args, console: console) {
            var text = CommandSupport.shape(chip) + "\n"
            text += "\(counted(chip.neuronCount, "neuron")) and \(counted(chip.synapseCount, "synapse")) can crash; inputs in [\(formatNumber(chip.inputDomain.lower)), \(formatNumber(chip.inputDomain.upper))]\n\n"
            text += table.rendered + "\n"
            for (l, layer) in layers.enumerated() {
                if let c = layer.convolution { text += "\nlayer \(l + 1): " + convolutionSummary(c) }
                if layer.sparse != nil {
                    let f = fanIn(layer)
                    text += "\nlayer \(l + 1): sparse, \(counted(layer.synapseCount, "synapse")); fan-in min \(f.min), mean \(formatNumber(f.mean)), max \(f.max); an input feeds at most \(counted(layer.maxFanOut, "neuron"))"
                }
            }
            if layers.contains(where: { !$0.isDense }) { text += "\n" }
            if let t = chip.outputTransform {
                text += "\noutput transform: \(t.rawValue) (outputs are \(t.outputKind); Omega and Erf are about the linear scores)\n"
            }
            if !chip.metadata.isEmpty { text += "\nmetadata: " + chip.metadata.map(\.0).joined(separator: ", ") + "\n" }
            if let storage {
                text += "\nweights stored as \(storage.storage): quantizing moves a weight by at most "
                text += storage.error.map { formatNumber($0) }.joined(separator: ", ") + " (per matrix)\n"
            }
            return text
        }
        return .success
    }

    /// The fewest, mean and most synapses into one neuron of `layer`.
    static func fanIn(_ layer: Layer) -> (min: Int, mean: Double, max: Int) {
        var least = Int.max
        for t in 0..<layer.outputs { least = min(least, layer.fanIn(of: t)) }
        return (least, Double(layer.synapseCount) / Double(layer.outputs), layer.maxFanIn)
    }

    /// A convolution's geometry for `inspect --json`.
    static func convolutionJSON(_ c: Convolution) -> JSONValue {
        [
            "inputShape": .integers(c.inputShape), "outputShape": .integers(c.outputShape),
            "kernelSize": .integers(c.kernelSize), "stride": .integers(c.stride), "padding": .integers(c.padding),
            "kernelWeights": .number(Double(c.kernelCount)), "maxFanIn": .number(Double(c.maxFanIn)),
            "maxFanOut": .number(Double(c.maxFanOut)),
        ]
    }

    /// `convolution 1x14x14 -> 4x7x7, kernel 3x3, stride 2x2, zero padding 1,1,1,1 (36 weights; ...)`.
    static func convolutionSummary(_ c: Convolution) -> String {
        func x(_ v: [Int]) -> String { v.map(String.init).joined(separator: "x") }
        return "convolution \(x(c.inputShape)) -> \(x(c.outputShape)), kernel \(x(c.kernelSize)), stride \(x(c.stride)), "
            + "zero padding \(CommandSupport.list(c.padding)) (\(counted(c.kernelCount, "kernel weight")); a unit reads at most \(counted(c.maxFanIn, "input")), an input feeds at most \(counted(c.maxFanOut, "unit")))"
    }

    /// The activation column: the function with its parameters, e.g. `leaky-relu a=0.01`, `clip [0, 6]`.
    static func activationName(_ a: Activation) -> String {
        switch a.function {
        case .leakyRelu: return "leaky-relu a=\(formatNumber(a.alpha))"
        case .clip:
            let r = a.clipRange ?? Activation.defaultClipRange
            return "clip [\(formatNumber(r.lowerBound)), \(formatNumber(r.upperBound))]"
        default: return a.function.rawValue
        }
    }

    /// `--storage`, else the chip's `weightStorage` metadata: the storage and what quantizing to it costs per weight
    /// matrix; nil when neither is given. A weight the storage cannot hold is the user's error, naming the field.
    static func storage(_ args: ParsedArguments, chip: Chip, path: String) throws(InputError)
        -> (storage: WeightStorage, error: [Double])?
    {
        let field: JSONField
        if let given = args.string("storage") {
            guard ["int8", "float16", "float32", "float64"].contains(given) else {
                throw .invalidOption(option: "--storage", reason: "unknown weight storage '\(given)', expected int8, float16, float32 or float64")
            }
            field = JSONField(value: .string(given), file: "--storage")
        } else if let declared = chip.metadata("weightStorage") {
            field = JSONField(value: declared, file: path, path: "weightStorage")
        } else {
            return nil
        }
        let storage = try WeightStorage.decode(field, chip: chip)
        switch storage.quantize(chip) {
        case let .success((_, error)): return (storage, error)
        case let .failure(unfit):
            throw field.invalid(
                "weight \(unfit.index) of matrix \(unfit.matrix + 1) (\(JSONValue.format(unfit.weight))) does not fit \(storage)")
        }
    }
}

import Foundation

extension Chip {
    /// The format tag of chip files this version reads and writes.
    public static let formatTag = "neurofail.chip/1"

    /// Top-level keys with a meaning in `neurofail.chip/1`; any other key is kept in ``metadata``.
    static let knownKeys: Set<String> = [
        "format", "name", "inputs", "inputDomain", "activation", "layers", "readout", "outputTransform",
    ]

    /// Reads and validates a `neurofail.chip/1` file.
    ///
    /// - Throws: ``InputError`` naming the file and the field: a missing file, malformed JSON, a wrong shape,
    ///   a non-finite weight, an unknown activation, K ≤ 0, a reversed input domain, an unknown format.
    public static func load(path: String) throws(InputError) -> Chip {
        try decode(JSONValue.load(path: path), file: path)
    }

    /// Validates a parsed chip document; `file` is used in error messages only.
    public static func decode(_ json: JSONValue, file: String) throws(InputError) -> Chip {
        try decode(json, file: file, builders: nil)
    }

    /// Builds one layer fed by `inputs` units with `activation` (nil for the readout), from something other than
    /// the document's layer object (the arrays of an `.npy` manifest). A Result rather than a typed-throws closure,
    /// which Swift 6.3's SILGen crashes on here.
    typealias LayerBuilder = (_ inputs: Int, _ activation: Activation?) -> Result<Layer, InputError>

    /// ``decode(_:file:)``, with each layer (hidden layers, then the readout) built by `builders` when given, their
    /// objects in the document holding only what the builders do not (a hidden layer's `activation`).
    static func decode(_ json: JSONValue, file: String, builders: [LayerBuilder]?) throws(InputError) -> Chip {
        let root = JSONField(value: json, file: file)
        guard case .object = json else { throw root.invalid("expected a JSON object") }
        let format = try root["format"].string()
        guard format == formatTag else {
            throw root["format"].invalid("unknown format \"\(format)\", expected \"\(formatTag)\"")
        }
        let name = root["name"].isPresent ? try root["name"].string() : defaultName(file)
        let d = try root["inputs"].integer(in: 1...100_000_000)

        var domain = InputDomain.unit
        if root["inputDomain"].isPresent {
            let lo = try root["inputDomain"]["lower"].number()
            let hi = try root["inputDomain"]["upper"].number()
            guard lo < hi else {
                throw root["inputDomain"].invalid("lower (\(JSONValue.format(lo))) must be < upper (\(JSONValue.format(hi)))")
            }
            // Random inputs are lower + u·(upper − lower): a width beyond Float64 makes them inf or NaN.
            guard (hi - lo).isFinite else {
                throw root["inputDomain"].invalid(
                    "the width upper - lower (\(JSONValue.format(hi)) - \(JSONValue.format(lo))) overflows Float64; give a narrower domain")
            }
            domain = InputDomain(lower: lo, upper: hi)
        }
        let defaultActivation = root["activation"].isPresent ? try decodeActivation(root["activation"]) : nil

        let layerFields = try root["layers"].array()
        guard !layerFields.isEmpty else { throw root["layers"].invalid("needs at least one hidden layer") }
        var hidden = [Layer]()
        var width = d
        for (index, field) in layerFields.enumerated() {
            _ = try field.objectKeys()
            let activation: Activation
            if field["activation"].isPresent {
                activation = try decodeActivation(field["activation"])
            } else if let defaultActivation {
                activation = defaultActivation
            } else {
                throw root["activation"].invalid("missing (and \(field.path) has no activation of its own)")
            }
            let layer: Layer
            if let builders {
                layer = try builders[index](width, activation).get()
            } else {
                switch try layerType(field) {
                case .dense: layer = try decodeLayer(field, inputs: width, activation: activation)
                case .convolution:
                    layer = try decodeConvolution(field, inputs: width, after: hidden.last?.convolution, activation: activation)
                case .sparse: layer = try decodeSparse(field, inputs: width, activation: activation)
                }
            }
            hidden.append(layer)
            width = layer.outputs
        }
        if root["readout"].isPresent, try layerType(root["readout"]) != .dense {
            throw root["readout"]["type"].invalid("the readout is a dense linear layer; a convolution or a sparse layer can only be a hidden layer")
        }
        let readout: Layer
        if let builders {
            readout = try builders[layerFields.count](width, nil).get()
        } else {
            readout = try decodeLayer(root["readout"], inputs: width, activation: nil)
        }

        var transform: OutputTransform?
        if root["outputTransform"].isPresent {
            let text = try root["outputTransform"].string()
            guard let t = OutputTransform(rawValue: text) else {
                let known = OutputTransform.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                throw root["outputTransform"].invalid("unknown output transform \"\(text)\", expected \(known)")
            }
            transform = t
        }
        var metadata = [(String, JSONValue)]()
        if case let .object(pairs) = json {
            metadata = pairs.filter { !knownKeys.contains($0.0) }
        }
        let chip = Chip(
            name: name, inputDomain: domain, hidden: hidden, readout: readout, metadata: metadata,
            outputTransform: transform)
        try chip.checkNumericRange(file: file)
        return chip
    }

    private static func defaultName(_ file: String) -> String {
        let base = (file as NSString).lastPathComponent
        return base.hasSuffix(".json") ? String(base.dropLast(5)) : base
    }

    static func decodeActivation(_ field: JSONField) throws(InputError) -> Activation {
        let name = try field["function"].string()
        guard let function = Activation.Function(rawValue: name) else {
            let known = Activation.Function.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw field["function"].invalid("unknown activation \"\(name)\", expected one of \(known)")
        }
        let k = try field["lipschitz"].positiveNumber()
        // A parameter given to a function that does not take it is a mistake to point out, not to ignore.
        for key in ["alpha", "lower", "upper"] where field[key].isPresent {
            let owner = key == "alpha" ? Activation.Function.leakyRelu : .clip
            guard function == owner else {
                throw field[key].invalid("only \"\(owner.rawValue)\" takes \(key), this activation is \"\(name)\"")
            }
        }
        switch function {
        case .leakyRelu:
            let alpha = try field["alpha"].nonNegativeNumber()
            guard alpha < 1 else { throw field["alpha"].invalid("must be < 1, found \(JSONValue.format(alpha))") }
            return Activation(function, lipschitz: k, alpha: alpha)
        case .clip:
            let lower = try field["lower"].number(), upper = try field["upper"].number()
            guard lower < upper else {
                throw field["upper"].invalid(
                    "must be > lower (\(JSONValue.format(lower))), found \(JSONValue.format(upper))")
            }
            return Activation(function, lipschitz: k, clipRange: lower...upper)
        default:
            return Activation(function, lipschitz: k)
        }
    }

    /// An activation as its chip-file object: `function`, `lipschitz`, and `alpha` or `lower`/`upper` when it
    /// takes them.
    static func activationJSON(_ a: Activation) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("function", .string(a.function.rawValue)), ("lipschitz", .number(a.lipschitz))]
        if a.function == .leakyRelu { pairs.append(("alpha", .number(a.alpha))) }
        if let r = a.clipRange { pairs += [("lower", .number(r.lowerBound)), ("upper", .number(r.upperBound))] }
        return .object(pairs)
    }

    static func decodeLayer(_ field: JSONField, inputs: Int, activation: Activation?) throws(InputError) -> Layer {
        guard field.isPresent else { throw field.invalid("missing") }
        _ = try field.objectKeys()
        let (rows, weights) = try field["weights"].matrix(rows: nil, columns: inputs)
        guard rows > 0 else { throw field["weights"].invalid("has no rows: a layer needs at least one neuron") }
        let bias = try field["bias"].numbers()
        guard bias.count == rows else {
            throw field["bias"].invalid("has \(bias.count) numbers, expected \(rows) (one per row of weights)")
        }
        return Layer(inputs: inputs, outputs: rows, weights: weights, bias: bias, activation: activation)
    }

    /// The chip as a `neurofail.chip/1` document. Decoding it gives back an equal chip.
    public var json: JSONValue {
        func layerJSON(_ layer: Layer, withActivation: Bool) -> JSONValue {
            if let c = layer.convolution {
                return Chip.convolutionJSON(c, layer: layer, activation: withActivation ? layer.activation : nil)
            }
            if let c = layer.sparse {
                return Chip.sparseJSON(c, layer: layer, activation: withActivation ? layer.activation : nil)
            }
            let rows: [JSONValue] = (0..<layer.outputs).map { i in
                .numbers(layer.weights[(i * layer.inputs)..<((i + 1) * layer.inputs)])
            }
            var pairs: [(String, JSONValue)] = [("weights", .array(rows)), ("bias", .numbers(layer.bias))]
            if withActivation, let a = layer.activation { pairs.append(("activation", Chip.activationJSON(a))) }
            return .object(pairs)
        }
        let common = hidden[0].activation
        var pairs: [(String, JSONValue)] = [
            ("format", .string(Chip.formatTag)),
            ("name", .string(name)),
            ("inputs", .number(Double(inputCount))),
            ("inputDomain", ["lower": .number(inputDomain.lower), "upper": .number(inputDomain.upper)]),
        ]
        if let common { pairs.append(("activation", Chip.activationJSON(common))) }
        pairs.append(("layers", .array(hidden.map { layerJSON($0, withActivation: $0.activation != common) })))
        pairs.append(("readout", layerJSON(readout, withActivation: false)))
        if let outputTransform { pairs.append(("outputTransform", .string(outputTransform.rawValue))) }
        pairs.append(contentsOf: metadata)
        return .object(pairs)
    }

    /// The value of a metadata field, if present.
    public func metadata(_ key: String) -> JSONValue? { metadata.first(where: { $0.0 == key })?.1 }
}

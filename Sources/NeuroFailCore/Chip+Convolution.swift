extension Chip {
    /// The kinds of layer a chip file names in a layer's `type`.
    enum LayerType: String, CaseIterable {
        case dense
        case convolution
        case sparse
    }

    /// A layer object's `type`: `dense` when absent.
    static func layerType(_ field: JSONField) throws(InputError) -> LayerType {
        guard field["type"].isPresent else { return .dense }
        let text = try field["type"].string()
        guard let type = LayerType(rawValue: text) else {
            let known = LayerType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            throw field["type"].invalid("unknown layer type \"\(text)\", expected \(known)")
        }
        return type
    }

    /// Reads a convolutional hidden layer (`"type": "convolution"`) fed by `inputs` units; `previous` is the
    /// convolution of the layer before, if it is one (its output shape is this layer's default input shape).
    ///
    /// Fields: `inputShape` ([C, L] or [C, H, W]; required unless the layer before is a convolution), `kernel`
    /// (C_out × C_in × k or C_out × C_in × k_y × k_x nested arrays), `stride` (a number or one per axis, default 1),
    /// `padding` (zero padding: a number for every side, or ONNX's begins-then-ends list, default 0), `bias` (one per
    /// output channel). Errors name the field and the element.
    static func decodeConvolution(
        _ field: JSONField, inputs: Int, after previous: Convolution?, activation: Activation
    ) throws(InputError) -> Layer {
        if field["weights"].isPresent {
            throw field["weights"].invalid("a convolution has a kernel, not weights (give \"kernel\": C_out x C_in x kernel size)")
        }
        let shape: [Int]
        if field["inputShape"].isPresent {
            shape = try integers(field["inputShape"], minimum: 1)
            let units = shape.reduce(1, *)
            guard units == inputs else {
                throw field["inputShape"].invalid(
                    "\(shape) has \(units) units, but the layer is fed \(inputs) (\(previous.map { "the convolution before gives \($0.outputShape)" } ?? "the chip inputs or the layer before"))")
            }
        } else if let previous {
            shape = previous.outputShape
        } else {
            throw field["inputShape"].invalid(
                "missing: a convolution that does not follow another needs the shape of its \(inputs) inputs, [channels, length] or [channels, height, width] (channel-major, row-major)")
        }
        guard shape.count == 2 || shape.count == 3 else {
            throw field["inputShape"].invalid("has \(shape.count) numbers \(shape), expected [channels, length] (1-D) or [channels, height, width] (2-D)")
        }
        let dims = shape.count - 1
        let (kernelShape, kernel) = try nestedKernel(field["kernel"], dimensions: dims, inputChannels: shape[0])
        let stride = try perAxis(field["stride"], count: dims, default: 1, minimum: 1, what: "one per spatial axis")
        let padding = try perAxis(
            field["padding"], count: 2 * dims, default: 0, minimum: 0,
            what: dims == 1 ? "[left, right]" : "[top, left, bottom, right]")
        let geometry: Convolution
        do {
            geometry = try Convolution(
                inputShape: shape, outputChannels: kernelShape[0], kernelSize: Array(kernelShape.dropFirst(2)),
                stride: stride, padding: padding)
        } catch {
            throw field[error.parameter].invalid(error.reason)
        }
        let bias = try field["bias"].numbers()
        guard bias.count == geometry.outputChannels else {
            throw field["bias"].invalid(
                "has \(bias.count) numbers, expected \(geometry.outputChannels) (one per output channel of the kernel)")
        }
        return Layer(convolution: geometry, kernel: kernel, channelBias: bias, activation: activation)
    }

    /// An array of integers ≥ `minimum`.
    private static func integers(_ field: JSONField, minimum: Int) throws(InputError) -> [Int] {
        var out = [Int]()
        for item in try field.array() { out.append(try item.integer(in: minimum...Int(Int32.max))) }
        guard !out.isEmpty else { throw field.invalid("is empty") }
        return out
    }

    /// A number meaning every element, or exactly `count` integers ≥ `minimum`; `default` when absent.
    private static func perAxis(
        _ field: JSONField, count: Int, default value: Int, minimum: Int, what: String
    ) throws(InputError) -> [Int] {
        guard field.isPresent else { return Array(repeating: value, count: count) }
        if case .number = field.value {
            return Array(repeating: try field.integer(in: minimum...Int(Int32.max)), count: count)
        }
        let list = try integers(field, minimum: minimum)
        guard list.count == count else {
            throw field.invalid("has \(list.count) numbers, expected one number or \(count) (\(what))")
        }
        return list
    }

    /// The kernel as nested arrays: C_out entries, each C_in entries (`inputChannels`), each k numbers (1-D) or
    /// k_y rows of k_x numbers (2-D), every entry the same shape. Returns the shape and the weights in C order.
    private static func nestedKernel(
        _ field: JSONField, dimensions: Int, inputChannels: Int
    ) throws(InputError) -> (shape: [Int], weights: [Double]) {
        let outs = try field.array()
        guard !outs.isEmpty else { throw field.invalid("has no output channels: a convolution needs at least one feature map") }
        var shape: [Int]?
        var weights = [Double]()
        for perOutput in outs {
            let ins = try perOutput.array()
            guard ins.count == inputChannels else {
                throw perOutput.invalid("has \(ins.count) input channels, expected \(inputChannels) (inputShape[0])")
            }
            for perInput in ins {
                var rows: [[Double]]
                if dimensions == 1 {
                    rows = [try perInput.numbers()]
                } else {
                    rows = []
                    for row in try perInput.array() { rows.append(try row.numbers()) }
                }
                let size = dimensions == 1 ? [rows[0].count] : [rows.count, rows.first?.count ?? 0]
                guard size.allSatisfy({ $0 > 0 }) else {
                    throw perInput.invalid("is empty: a kernel needs at least one tap")
                }
                if dimensions == 2, let bad = rows.firstIndex(where: { $0.count != size[1] }) {
                    throw perInput.invalid("row \(bad) has \(rows[bad].count) numbers, expected \(size[1]) (as row 0)")
                }
                if let shape, Array(shape.dropFirst(2)) != size {
                    throw perInput.invalid(
                        "is \(size.map(String.init).joined(separator: "x")), expected \(shape.dropFirst(2).map(String.init).joined(separator: "x")) (as kernel[0][0])")
                }
                if shape == nil { shape = [outs.count, inputChannels] + size }
                for row in rows { weights.append(contentsOf: row) }
            }
        }
        return (shape ?? [], weights)
    }

    /// A convolutional layer as its chip-file object (the input shape always written, for the reader).
    static func convolutionJSON(_ c: Convolution, layer: Layer, activation: Activation?) -> JSONValue {
        let taps = c.kernelHeight * c.kernelWidth
        let kernel: [JSONValue] = (0..<c.outputChannels).map { o in
            .array((0..<c.inputChannels).map { i in
                let start = (o * c.inputChannels + i) * taps
                if c.spatialDimensions == 1 { return .numbers(layer.weights[start..<(start + c.kernelWidth)]) }
                return .array((0..<c.kernelHeight).map { y in
                    .numbers(layer.weights[(start + y * c.kernelWidth)..<(start + (y + 1) * c.kernelWidth)])
                })
            })
        }
        var pairs: [(String, JSONValue)] = [
            ("type", .string(LayerType.convolution.rawValue)), ("inputShape", .integers(c.inputShape)),
            ("kernel", .array(kernel)), ("stride", .integers(c.stride)), ("padding", .integers(c.padding)),
            ("bias", .numbers(layer.channelBias ?? [])),
        ]
        if let activation { pairs.append(("activation", Chip.activationJSON(activation))) }
        return .object(pairs)
    }
}

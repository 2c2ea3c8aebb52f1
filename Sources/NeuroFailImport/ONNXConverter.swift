import Foundation
import NeuroFailCore

/// Turns an ONNX graph into a ``Chip``: a chain from the one graph input through linear layers and activations to a
/// linear readout, optionally followed by a final softmax (kept as the chip's ``OutputTransform``).
///
/// Accepted operators (default domain): a linear layer is `Gemm` (transB, alpha, beta; transA = 0) or `MatMul` with
/// any number of `Add`s of a constant bias, or a 1-D or 2-D `Conv` (strides, pads or auto_pad, kernel_shape;
/// dilations 1 and group 1 only) with `Add`s of a per-channel bias; a hidden layer is a linear layer followed by `Relu`, `Sigmoid`, `Tanh`,
/// `LeakyRelu`, `Clip` or `HardSigmoid`; `Flatten`, `Identity`, `Cast` to a float type and a `Reshape` that is a no-op
/// on the feature vector pass through; `Constant` nodes provide constants; a final `Softmax` or `LogSoftmax` over the
/// outputs becomes the output transform, and whatever the graph computes from the probabilities after it (the
/// `ArgMax`, `ZipMap` and label look-up of scikit-learn classifiers) is post-processing, listed in the provenance and
/// not part of the chip. Anything else is refused by op and node name. How each layer was mapped is recorded in the
/// chip's `provenance` metadata.
///
/// ONNX records no input domain: the chip gets the one given (default [0, 1], the chip format's default).
public struct ONNXConverter {
    /// The model.
    public let model: ONNXModel
    /// The file it came from, for errors and the provenance.
    public let file: String

    /// A converter of `model`, read from `file`.
    public init(model: ONNXModel, file: String) {
        self.model = model
        self.file = file
    }

    /// Reads `path` and converts it, with `inputDomain` (default [0, 1]).
    public static func load(path: String, inputDomain: InputDomain? = nil) throws(InputError) -> Chip {
        try ONNXConverter(model: ONNXModel.load(path: path), file: path).chip(inputDomain: inputDomain)
    }

    /// The hidden layer or readout being assembled from a linear operator and its bias additions.
    private struct Linear {
        let inputs: Int
        let outputs: Int
        /// Row-major outputs × inputs, the chip's layout; for a convolution, its kernel (ONNX's W layout, C order).
        var weights: [Double]
        /// One per output unit (for a convolution, constant over each feature map).
        var bias: [Double]
        /// The nodes it was made of, for the provenance.
        var steps: [String]
        /// The geometry when the operator was a `Conv`, and that node's label.
        var convolution: Convolution? = nil
        var convolutionNode = ""

        /// The hidden layer this becomes with `activation`.
        func layer(_ activation: Activation?) -> Layer {
            guard let c = convolution else {
                return Layer(inputs: inputs, outputs: outputs, weights: weights, bias: bias, activation: activation)
            }
            return Layer(
                convolution: c, kernel: weights, channelBias: (0..<c.outputChannels).map { bias[$0 * c.positions] },
                activation: activation)
        }
    }

    private enum State {
        /// Before any linear layer, or right after a hidden layer's activation.
        case expectingLinear
        /// A linear layer waits for its bias, its activation, or the end (then it is the readout).
        case linear(Linear)
    }

    /// The chip, with `inputDomain` (default [0, 1]).
    public func chip(inputDomain: InputDomain? = nil) throws(InputError) -> Chip {
        let graph = model.graph
        let constants = try constantTensors()
        let producers = Dictionary(graph.nodes.flatMap { n in n.outputs.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        let inputs = graph.inputs.filter { graph.initializers[$0.name] == nil && constants[$0.name] == nil }
        guard inputs.count == 1 else {
            let names = inputs.map { "'\($0.name)'" }.joined(separator: ", ")
            throw invalid("graph.input", "the graph has \(inputs.count) inputs (\(names)), a chip takes exactly one input vector")
        }
        let input = inputs[0]
        var (features, hasBatch) = try inputShape(input)
        var current = input.name
        var state = State.expectingLinear
        var hidden = [Layer]()
        var layerNotes = [String]()
        var passThrough = [String]()
        var onChain = Set<Int>()
        var transform: (OutputTransform, ONNXNode)?
        var readout: Linear?

        walk: while true {
            let consumers = graph.nodes.filter { $0.opType != "Constant" && $0.inputs.contains(current) }
            if consumers.isEmpty { break }
            guard consumers.count == 1 else {
                let names = consumers.map(\.label).joined(separator: ", ")
                if let shape = consumers.first(where: { $0.opType == "Shape" }) {
                    throw invalid(
                        shape.label,
                        "reads the shape of '\(current)' at run time (a dynamic shape: \(names) all take it); export with fixed shapes, e.g. torch.flatten(x, 1) instead of x.view(x.size(0), -1)")
                }
                throw invalid(
                    "value '\(current)'", "feeds \(consumers.count) nodes (\(names)): the graph is not a chain")
            }
            let node = consumers[0]
            onChain.insert(node.index)
            try checkOperands(node, chainValue: current, constants: constants, producers: producers)
            let flat = features.reduce(1, *)
            switch node.opType {
            case "ConvTranspose", "ConvInteger", "QLinearConv":
                throw invalid(node.label, "unsupported op \(node.opType); of the convolutions only Conv (float, dilations 1, group 1) is supported")
            case "Conv":
                if case let .linear(pending) = state {
                    throw invalid(
                        node.label,
                        "follows the linear layer \(pending.steps.joined(separator: " + ")) without an activation between them; every hidden layer needs an activation")
                }
                let layer = try convolution(node, shape: features, hasBatch: hasBatch, constants: constants)
                state = .linear(layer)
                features = layer.convolution?.outputShape ?? [layer.outputs]
            case "Identity":
                passThrough.append("\(node.label): identity")
            case "Cast":
                let to = node.attribute("to")?.int ?? 0
                guard to == Int64(ONNXTensor.DataType.float) || to == Int64(ONNXTensor.DataType.double) else {
                    throw invalid(node.label, "attribute to: casts to \(ONNXTensor.typeName(Int(to))), only a cast to FLOAT or DOUBLE is a no-op")
                }
                passThrough.append("\(node.label): cast to \(ONNXTensor.typeName(Int(to))) (NeuroFail computes in Float64)")
            case "Flatten":
                // With a batch dimension only axis 1 keeps it apart; on a lone vector only axis 0 ([1, F]) does.
                let axis = node.attribute("axis")?.int ?? 1
                let keepsBatch = hasBatch ? (axis == 1 || axis == -Int64(features.count)) : axis == 0
                guard keepsBatch else {
                    throw invalid(node.label, "attribute axis: \(axis) would mix the batch dimension into the features; only axis \(hasBatch ? 1 : 0) is supported here")
                }
                passThrough.append("\(node.label): flattens \(features) to [\(flat)]")
                features = [flat]
                hasBatch = true
            case "Reshape":
                try checkReshape(node, features: features, hasBatch: hasBatch, constants: constants)
                passThrough.append("\(node.label): reshape to [batch, \(flat)], a no-op on the feature vector")
                features = [flat]
            case "Gemm", "MatMul":
                if case let .linear(pending) = state {
                    throw invalid(
                        node.label,
                        "follows the linear layer \(pending.steps.joined(separator: " + ")) without an activation between them; every hidden layer needs an activation")
                }
                guard features.count == 1 else {
                    throw invalid(node.label, "takes a tensor of shape \(features) per input; add a Flatten before it")
                }
                let layer = try linear(node, inputs: flat, constants: constants)
                state = .linear(layer)
                features = [layer.outputs]
            case "Add":
                guard case var .linear(pending) = state else {
                    throw invalid(node.label, "adds a constant outside a linear layer (only a bias right after Gemm or MatMul is supported)")
                }
                let other = node.inputs.first { $0 != current } ?? current
                let bias: [Double]
                if let c = pending.convolution {
                    bias = try channelBias(constants[other], c, node: node, operand: other)
                } else {
                    bias = try broadcast(constants[other], count: pending.outputs, node: node, operand: other)
                }
                for i in pending.bias.indices { pending.bias[i] += bias[i] }
                pending.steps.append("\(node.label)")
                state = .linear(pending)
            case "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Clip", "HardSigmoid":
                guard case var .linear(pending) = state else {
                    throw invalid(node.label, "must follow a linear layer (Gemm, or MatMul and Add); two activations in a row or an activation on the inputs is not a chip layer")
                }
                let (activation, note) = try activation(node, pending: &pending, constants: constants)
                hidden.append(pending.layer(activation))
                let shape = pending.convolution.map { ", feature maps \($0.outputShape.map(String.init).joined(separator: "x"))" } ?? ""
                layerNotes.append(
                    "layer \(hidden.count) (\(pending.outputs) neurons\(shape)): \((pending.steps + [node.label]).joined(separator: " + ")) -> \(activation.summary)\(note)")
                state = .expectingLinear
            case "Softmax", "LogSoftmax":
                guard case let .linear(pending) = state else {
                    throw invalid(node.label, "must follow the readout (a linear layer): the softmax of a hidden layer's activations is not supported")
                }
                guard pending.convolution == nil else {
                    throw invalid(node.label, "follows a convolution: a chip's readout is dense; add Flatten and a Gemm (or MatMul) before the softmax")
                }
                let axis = node.attribute("axis")?.int ?? (model.defaultOpset < 13 ? 1 : -1)
                let rank = hasBatch ? 2 : 1
                guard axis == Int64(rank - 1) || axis == -1 else {
                    throw invalid(node.label, "attribute axis: \(axis) is not the outputs' axis (\(rank - 1) or -1)")
                }
                readout = pending
                transform = (node.opType == "Softmax" ? .softmax : .logSoftmax, node)
                break walk
            default:
                let domain = node.domain.isEmpty ? "" : " of domain '\(node.domain)'"
                throw invalid(node.label, "unsupported op \(node.opType)\(domain); supported: Gemm, MatMul, Conv, Add, Relu, Sigmoid, Tanh, LeakyRelu, Clip, HardSigmoid, Flatten, Reshape, Identity, Cast, Constant, Softmax, LogSoftmax")
            }
            guard let next = node.outputs.first, !next.isEmpty else {
                throw invalid(node.label, "has no output")
            }
            for extra in node.outputs.dropFirst() where !extra.isEmpty {
                if graph.nodes.contains(where: { $0.inputs.contains(extra) }) || graph.outputs.contains(where: { $0.name == extra }) {
                    throw invalid(node.label, "its second output '\(extra)' is used: the graph is not a chain")
                }
            }
            current = next
        }

        // Everything else must be a constant or post-processing of the output transform's result.
        var postProcessing = [String]()
        if let (_, node) = transform {
            var reached = Set(node.outputs)
            // Label look-ups, casts and maps are post-processing; another layer after the softmax is not.
            let layerOps: Set<String> = [
                "Gemm", "MatMul", "Add", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Clip", "HardSigmoid", "Softmax",
                "LogSoftmax", "Conv",
            ]
            for n in graph.nodes where !onChain.contains(n.index) && n.inputs.contains(where: reached.contains) {
                if layerOps.contains(n.opType) {
                    throw invalid(n.label, "follows the output transform \(node.label): a softmax must be the last layer")
                }
                reached.formUnion(n.outputs)
                onChain.insert(n.index)
                postProcessing.append(n.label)
            }
        }
        if transform == nil {
            guard case let .linear(pending) = state else {
                if hidden.isEmpty { throw invalid("graph", "has no linear layer (Gemm or MatMul) on the chain from input '\(input.name)'") }
                throw invalid(
                    "value '\(current)'",
                    "the network ends with an activation (layer \(hidden.count)): a chip's readout is linear; export the scores before the last activation")
            }
            guard graph.outputs.contains(where: { $0.name == current }) else {
                throw invalid("value '\(current)'", "the chain from input '\(input.name)' ends here, but this is not a graph output: the graph is not a chain")
            }
            guard pending.convolution == nil else {
                throw invalid(
                    pending.convolutionNode,
                    "ends the network without an activation, so it would be the readout, but a chip's readout is dense; add Flatten and a Gemm (or MatMul) after it")
            }
            readout = pending
        }
        guard let readout else { throw invalid("graph", "has no readout") }
        guard !hidden.isEmpty else {
            throw invalid("graph", "is a single linear layer: a chip needs at least one hidden layer with an activation")
        }

        for n in graph.nodes where !onChain.contains(n.index) && n.opType != "Constant" {
            throw invalid(n.label, "is not on the chain from input '\(input.name)' to the output: the graph is not a chain")
        }

        var notes = layerNotes
        notes.append("readout (\(readout.outputs) outputs): \(readout.steps.joined(separator: " + ")) -> linear scores")
        if let (t, node) = transform {
            notes.append("\(node.label) -> outputTransform \(t.rawValue) (the readout stays the linear scores; predict shows \(t.outputKind))")
        }
        let domain = inputDomain ?? .unit
        var provenance: [(String, JSONValue)] = [
            ("tool", "neurofail (ONNX import)"), ("source", .string(file)), ("format", "onnx"),
            ("producer", .string([model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " "))),
            ("irVersion", .number(Double(model.irVersion))), ("opset", .number(Double(model.defaultOpset))),
            ("graph", .string(graph.name)),
            ("input", .string("'\(input.name)' \(input.shape.map { "\($0)" } ?? "?") \(ONNXTensor.typeName(input.elementType ?? 0))")),
            ("layers", .array(notes.map { .string($0) })),
        ]
        if !passThrough.isEmpty { provenance.append(("passThrough", .array(passThrough.map { .string($0) }))) }
        if !postProcessing.isEmpty {
            provenance.append(("postProcessing", .string("ignored (computed from the output transform's result, not part of the chip): " + postProcessing.joined(separator: ", "))))
        }
        provenance.append((
            "inputDomain",
            .string(inputDomain == nil
                ? "ONNX records no input domain: [0, 1] assumed (give the real one with 'neurofail convert --input-domain lo,hi')"
                : "[\(JSONValue.format(domain.lower)), \(JSONValue.format(domain.upper))] given at conversion")))
        let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return Chip(
            name: name.isEmpty ? "onnx" : name, inputDomain: domain, hidden: hidden,
            readout: Layer(inputs: readout.inputs, outputs: readout.outputs, weights: readout.weights, bias: readout.bias, activation: nil),
            metadata: [("provenance", .object(provenance))], outputTransform: transform?.0)
    }

    private func invalid(_ field: String, _ reason: String) -> InputError {
        .invalidField(file: file, field: field, reason: reason)
    }

    /// Initializers and the values of `Constant` nodes, by name.
    private func constantTensors() throws(InputError) -> [String: ONNXTensor] {
        var constants = model.graph.initializers
        for node in model.graph.nodes where node.opType == "Constant" {
            guard let out = node.outputs.first else { continue }
            if let t = node.attribute("value")?.tensor {
                constants[out] = t
            } else if let f = node.attribute("value_float")?.float {
                constants[out] = ONNXTensor(name: out, dims: [], doubles: [Double(f)])
            } else if let a = node.attribute("value_floats") {
                constants[out] = ONNXTensor(name: out, dims: [a.floats.count], doubles: a.floats.map(Double.init))
            } else if let i = node.attribute("value_int")?.int {
                constants[out] = ONNXTensor(name: out, dims: [], integers: [i])
            } else if let a = node.attribute("value_ints") {
                constants[out] = ONNXTensor(name: out, dims: [a.ints.count], integers: a.ints)
            } else {
                let given = node.attributes.map(\.name).joined(separator: ", ")
                throw invalid(node.label, "a constant of kind \(given.isEmpty ? "(none)" : given) is not supported (expected value, value_float(s) or value_int(s))")
            }
        }
        return constants
    }

    /// The input's per-example shape (after the batch dimension) and whether it has a batch dimension.
    private func inputShape(_ input: ONNXValueInfo) throws(InputError) -> ([Int], Bool) {
        let field = "graph.input '\(input.name)'"
        guard let type = input.elementType else { throw invalid(field, "is not a tensor") }
        guard type == ONNXTensor.DataType.float || type == ONNXTensor.DataType.double else {
            throw invalid(field, "element type \(ONNXTensor.typeName(type)) is not supported, expected FLOAT or DOUBLE")
        }
        guard let shape = input.shape, !shape.isEmpty else {
            throw invalid(field, "has no shape: the number of inputs must be fixed in the model (export with a sample input of the right shape)")
        }
        let hasBatch = shape.count >= 2
        var features = [Int]()
        for (i, dim) in shape.enumerated().dropFirst(hasBatch ? 1 : 0) {
            guard case let .fixed(n) = dim, n > 0 else {
                throw invalid(field, "dimension \(i) is \(dim), a dynamic shape: the number of inputs must be fixed (only the batch dimension may vary)")
            }
            features.append(n)
        }
        return (features, hasBatch)
    }

    /// Every operand of `node` other than the chain value must be a constant; a computed one means a second path.
    private func checkOperands(
        _ node: ONNXNode, chainValue: String, constants: [String: ONNXTensor], producers: [String: ONNXNode]
    ) throws(InputError) {
        for (i, operand) in node.inputs.enumerated() where operand != chainValue && !operand.isEmpty {
            if model.graph.sparseInitializers.contains(operand) {
                throw invalid(node.label, "input \(i) '\(operand)' is a sparse initializer, which is not supported")
            }
            guard constants[operand] == nil else { continue }
            if node.opType == "Reshape", i == 1 {
                throw invalid(node.label, "input 1 (shape) '\(operand)' is computed at run time (a dynamic shape); export with a constant shape")
            }
            let source = producers[operand].map { "computed by \($0.label)" } ?? "not a constant"
            throw invalid(node.label, "input \(i) '\(operand)' is \(source): the graph is not a chain")
        }
        if node.inputs.filter({ $0 == chainValue }).count > 1 {
            throw invalid(node.label, "takes '\(chainValue)' twice: the graph is not a chain")
        }
    }

    private func field(_ node: ONNXNode, _ operand: String, _ index: Int) -> String {
        "\(node.label): input \(index) '\(operand)'"
    }

    /// A constant operand's floating values.
    private func values(_ node: ONNXNode, _ index: Int, _ constants: [String: ONNXTensor]) throws(InputError) -> (dims: [Int], values: [Double]) {
        let name = node.inputs[index]
        guard let t = constants[name] else { throw invalid(node.label, "input \(index) '\(name)' is not a constant") }
        return (t.dims, try t.floatingValues(file: file, field: field(node, name, index)))
    }

    /// A Gemm or MatMul on a vector of `inputs` numbers, as a linear layer (bias from Gemm's C, else 0).
    private func linear(_ node: ONNXNode, inputs: Int, constants: [String: ONNXTensor]) throws(InputError) -> Linear {
        guard node.inputs.count >= 2 else { throw invalid(node.label, "needs two inputs") }
        guard constants[node.inputs[0]] == nil else {
            throw invalid(node.label, "multiplies a constant on the left (input 0 '\(node.inputs[0])'); only x·W with the data on the left is supported")
        }
        let transB: Bool
        let alpha: Double
        if node.opType == "Gemm" {
            if let transA = node.attribute("transA")?.int, transA != 0 {
                throw invalid(node.label, "attribute transA: \(transA) transposes the batch of inputs, not supported")
            }
            transB = (node.attribute("transB")?.int ?? 0) != 0
            alpha = Double(node.attribute("alpha")?.float ?? 1)
        } else {
            (transB, alpha) = (false, 1)
        }
        let (dims, b) = try values(node, 1, constants)
        guard dims.count == 2 else {
            throw invalid(field(node, node.inputs[1], 1), "has shape \(dims), expected a matrix (2 dimensions)")
        }
        // B is inputs × outputs (transB = 0: MatMul, Keras, scikit-learn) or outputs × inputs (transB = 1: PyTorch).
        let (rowsIn, outputs) = transB ? (dims[1], dims[0]) : (dims[0], dims[1])
        guard rowsIn == inputs else {
            throw invalid(
                field(node, node.inputs[1], 1),
                "has shape \(dims)\(transB ? " (transB = 1)" : ""): it takes \(rowsIn) numbers, the layer before gives \(inputs)")
        }
        guard outputs > 0 else { throw invalid(field(node, node.inputs[1], 1), "has no outputs") }
        var weights = [Double](repeating: 0, count: outputs * inputs)
        for o in 0..<outputs {
            for i in 0..<inputs {
                weights[o * inputs + i] = alpha * (transB ? b[o * inputs + i] : b[i * outputs + o])
            }
        }
        var bias = [Double](repeating: 0, count: outputs)
        var description = node.label
        if node.opType == "Gemm" {
            let beta = Double(node.attribute("beta")?.float ?? 1)
            if node.inputs.count > 2, !node.inputs[2].isEmpty {
                bias = try broadcast(constants[node.inputs[2]], count: outputs, node: node, operand: node.inputs[2]).map { beta * $0 }
            }
            description += " (transB=\(transB ? 1 : 0)\(alpha != 1 ? ", alpha=\(JSONValue.format(alpha))" : "")\(beta != 1 ? ", beta=\(JSONValue.format(beta))" : ""))"
        }
        return Linear(inputs: inputs, outputs: outputs, weights: weights, bias: bias, steps: [description])
    }

    /// A `Conv` on a tensor of per-example shape `shape` ([C, L] or [C, H, W]), as a convolutional layer: weights W
    /// ([M, C, k] or [M, C, k_y, k_x], already the chip's kernel order), bias B (one per output channel, optional),
    /// `strides`, `pads` or `auto_pad`, `kernel_shape` (checked against W). Dilations other than 1 and groups other
    /// than 1 are refused by node and attribute.
    private func convolution(
        _ node: ONNXNode, shape: [Int], hasBatch: Bool, constants: [String: ONNXTensor]
    ) throws(InputError) -> Linear {
        guard hasBatch, shape.count == 2 || shape.count == 3 else {
            throw invalid(
                node.label,
                "takes a tensor of shape \(shape) per input; a Conv needs [batch, channels, length] or [batch, channels, height, width]")
        }
        guard node.inputs.count >= 2 else { throw invalid(node.label, "needs an input and a weight tensor W") }
        let dims = shape.count - 1
        if let a = node.attribute("dilations"), a.ints.contains(where: { $0 != 1 }) {
            throw invalid(node.label, "attribute dilations: \(a.ints) is not supported, only dilation 1 (a dense kernel)")
        }
        if let group = node.attribute("group")?.int, group != 1 {
            throw invalid(node.label, "attribute group: \(group) is not supported, only group 1 (every output channel reads every input channel)")
        }
        let (wDims, w) = try values(node, 1, constants)
        let wField = field(node, node.inputs[1], 1)
        guard wDims.count == dims + 2 else {
            throw invalid(wField, "has shape \(wDims), expected \(dims + 2) dimensions [out channels, in channels, kernel\(dims == 2 ? " height, kernel width" : " size")] for a \(dims)-D input")
        }
        guard wDims[1] == shape[0] else {
            throw invalid(wField, "has shape \(wDims): it reads \(wDims[1]) input channels, the tensor before has \(shape[0]) (shape \(shape))")
        }
        let kernel = Array(wDims.dropFirst(2))
        if let k = node.attribute("kernel_shape"), k.ints.map(Int.init) != kernel {
            throw invalid(node.label, "attribute kernel_shape: \(k.ints) does not match the weights' kernel \(kernel) (W shape \(wDims))")
        }
        func ints(_ name: String, count: Int, default value: Int) throws(InputError) -> [Int] {
            guard let a = node.attribute(name) else { return Array(repeating: value, count: count) }
            guard a.ints.count == count else {
                throw invalid(node.label, "attribute \(name): has \(a.ints.count) numbers \(a.ints), expected \(count) for a \(dims)-D convolution")
            }
            return a.ints.map { Int(clamping: $0) }
        }
        let strides = try ints("strides", count: dims, default: 1)
        var pads = try ints("pads", count: 2 * dims, default: 0)
        let autoPad = node.attribute("auto_pad")?.string ?? "NOTSET"
        switch autoPad {
        case "NOTSET": break
        case "VALID": pads = Array(repeating: 0, count: 2 * dims)
        case "SAME_UPPER", "SAME_LOWER":
            // Output ⌈n / s⌉ per axis; the total padding splits in two, the odd unit at the end (UPPER) or begin.
            for axis in 0..<dims {
                let n = shape[axis + 1], s = max(1, strides[axis])
                let total = max(0, ((n + s - 1) / s - 1) * s + kernel[axis] - n)
                let small = total / 2
                (pads[axis], pads[dims + axis]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small)
            }
        default:
            throw invalid(node.label, "attribute auto_pad: \"\(autoPad)\" is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER")
        }
        let geometry: Convolution
        do {
            geometry = try Convolution(
                inputShape: shape, outputChannels: wDims[0], kernelSize: kernel, stride: strides, padding: pads)
        } catch {
            let where_ = ["inputShape": "input 0 (shape \(shape))", "kernel": "input 1 (W shape \(wDims))", "stride": "attribute strides", "padding": "attribute pads"]
            throw invalid(node.label, "\(where_[error.parameter] ?? error.parameter): \(error.reason)")
        }
        var bias = [Double](repeating: 0, count: geometry.outputCount)
        if node.inputs.count > 2, !node.inputs[2].isEmpty {
            let b = try broadcast(constants[node.inputs[2]], count: geometry.outputChannels, node: node, operand: node.inputs[2])
            bias = b.flatMap { Array(repeating: $0, count: geometry.positions) }
        }
        func x(_ v: [Int]) -> String { v.map(String.init).joined(separator: "x") }
        let description = "\(node.label) (\(x(geometry.inputShape)) -> \(x(geometry.outputShape)), kernel \(x(kernel)), strides \(strides), pads \(pads))"
        var layer = Linear(
            inputs: geometry.inputCount, outputs: geometry.outputCount, weights: w, bias: bias, steps: [description])
        layer.convolution = geometry
        layer.convolutionNode = node.label
        return layer
    }

    /// The bias added to a convolution's output: one number per output channel, broadcast over the positions
    /// (shape [C, 1, 1], [1, C, 1, 1], [C, 1] in 1-D, or a single number), expanded to one per output unit.
    private func channelBias(_ tensor: ONNXTensor?, _ c: Convolution, node: ONNXNode, operand: String) throws(InputError) -> [Double] {
        let index = node.inputs.firstIndex(of: operand) ?? 0
        guard let tensor else { throw invalid(node.label, "input \(index) '\(operand)' is not a constant") }
        let values = try tensor.floatingValues(file: file, field: field(node, operand, index))
        if values.count == 1 { return Array(repeating: values[0], count: c.outputCount) }
        // The channel axis must be the one of size C, with only 1s after it (else it broadcasts over positions wrongly).
        let trailing = tensor.dims.last(where: { $0 != 1 })
        let ones = tensor.dims.reversed().prefix { $0 == 1 }.count
        guard values.count == c.outputChannels, trailing == c.outputChannels, ones == c.spatialDimensions else {
            throw invalid(
                field(node, operand, index),
                "has shape \(tensor.dims): a convolution's bias must be one number per output channel, shape [\(c.outputChannels)\(String(repeating: ", 1", count: c.spatialDimensions))] (or a single number)")
        }
        return values.flatMap { Array(repeating: $0, count: c.positions) }
    }

    /// A bias-like constant broadcast to `count` numbers: `count` values (any shape of that size, e.g. [1, count]) or
    /// a single one.
    private func broadcast(_ tensor: ONNXTensor?, count: Int, node: ONNXNode, operand: String) throws(InputError) -> [Double] {
        let index = node.inputs.firstIndex(of: operand) ?? 0
        guard let tensor else { throw invalid(node.label, "input \(index) '\(operand)' is not a constant") }
        let values = try tensor.floatingValues(file: file, field: field(node, operand, index))
        // [count, 1] would broadcast against the batch into a matrix: only a trailing dimension of `count` is a bias.
        if values.count == count, (tensor.dims.last ?? 1) == count || count == 1 { return values }
        if values.count == 1 { return Array(repeating: values[0], count: count) }
        throw invalid(field(node, operand, index), "has shape \(tensor.dims), expected [\(count)], [1, \(count)] or a single number")
    }

    /// The chip activation of an ONNX activation node (K = 1 except as noted); HardSigmoid's offset moves into the bias.
    private func activation(_ node: ONNXNode, pending: inout Linear, constants: [String: ONNXTensor]) throws(InputError) -> (Activation, String) {
        switch node.opType {
        case "Relu": return (Activation(.relu, lipschitz: 1), "")
        case "Sigmoid":
            return (Activation(.sigmoid, lipschitz: 0.25), " (ONNX's 1/(1+e^-x) is sigmoid_K = 1/(1+e^(-4Kx)) with K = 1/4)")
        case "Tanh": return (Activation(.tanh, lipschitz: 1), "")
        case "LeakyRelu":
            let alpha = Double(node.attribute("alpha")?.float ?? 0.01)
            guard alpha >= 0 && alpha < 1 else {
                throw invalid(node.label, "attribute alpha: \(JSONValue.format(alpha)) is outside [0, 1); only a leaky ReLU with a slope in [0, 1) on the negative side is supported")
            }
            return (Activation(.leakyRelu, lipschitz: 1, alpha: alpha), "")
        case "HardSigmoid":
            // max(0, min(1, a·x + b)) = hard-sigmoid_a(x + (b − 1/2)/a): the shift goes into the bias.
            let a = Double(node.attribute("alpha")?.float ?? 0.2), b = Double(node.attribute("beta")?.float ?? 0.5)
            guard a > 0 else { throw invalid(node.label, "attribute alpha: must be > 0, found \(JSONValue.format(a))") }
            let shift = (b - 0.5) / a
            if shift != 0 { for i in pending.bias.indices { pending.bias[i] += shift } }
            return (Activation(.hardSigmoid, lipschitz: a),
                    shift == 0 ? "" : " (beta = \(JSONValue.format(b)): (beta - 1/2)/alpha = \(JSONValue.format(shift)) added to the biases)")
        default:  // Clip: min and max are attributes before opset 11, optional inputs 1 and 2 since.
            func bound(_ attribute: String, _ index: Int) throws(InputError) -> Double? {
                if let f = node.attribute(attribute)?.float { return Double(f) }
                guard node.inputs.count > index, !node.inputs[index].isEmpty else { return nil }
                let v = try values(node, index, constants).values
                guard v.count == 1 else { throw invalid(field(node, node.inputs[index], index), "must be a single number") }
                return v[0]
            }
            let lower = try bound("min", 1), upper = try bound("max", 2)
            switch (lower, upper) {
            case (0?, nil): return (Activation(.relu, lipschitz: 1), " (Clip with min 0 and no max is a ReLU)")
            case let (lo?, hi?) where lo < hi: return (Activation(.clip, lipschitz: 1, clipRange: lo...hi), "")
            case let (lo?, hi?):
                throw invalid(node.label, "min (\(JSONValue.format(lo))) must be below max (\(JSONValue.format(hi)))")
            default:
                throw invalid(node.label, "needs both min and max (or min 0 alone, a ReLU): a one-sided clip is not a supported activation")
            }
        }
    }

    /// A Reshape must give [batch, F] (or [F] without a batch dimension) for the F features it receives.
    private func checkReshape(_ node: ONNXNode, features: [Int], hasBatch: Bool, constants: [String: ONNXTensor]) throws(InputError) {
        guard node.inputs.count >= 2, let shape = constants[node.inputs[1]] else {
            throw invalid(node.label, "has no constant shape input")
        }
        let target = try shape.integerValues(file: file, field: field(node, node.inputs[1], 1))
        let flat = Int64(features.reduce(1, *))
        let allowZero = (node.attribute("allowzero")?.int ?? 0) != 0
        let ok: Bool
        if hasBatch {
            ok = target.count == 2 && (target[0] == -1 || (target[0] == 0 && !allowZero) || target[0] == 1)
                && (target[1] == flat || (target[1] == -1 && target[0] != -1))
        } else {
            ok = target == [flat] || target == [-1]
        }
        guard ok else {
            throw invalid(node.label, "reshapes to \(target), which is not a no-op on a vector of \(flat) numbers (only [-1, \(flat)] or [0, \(flat)] style reshapes are supported)")
        }
    }
}

import Foundation
import NeuroFailTestSupport
import NeuroFailCore
import Testing

@testable import NeuroFailImport

/// The ONNX-to-chip mapping on models built byte by byte (no Python): weights and activations computed by hand, and
/// the refusals.
struct ONNXConverterTests {
    typealias B = ONNXBuilder

    /// x (2) → Gemm(W 3×2, transB=1, alpha=2, C, beta=0.5) → Relu → Gemm(V 1×3, transB=1) → y.
    static func gemmModel(hiddenOp: String = "Relu", attributes: [B.Attribute] = [], extraNodes: [[UInt8]] = [], opset: UInt64 = 13) -> [UInt8] {
        B.model(
            nodes: [
                B.node("Gemm", "fc1", ["x", "W", "C"], ["h"], [.int("transB", 1), .float("alpha", 2), .float("beta", 0.5)]),
                B.node(hiddenOp, "act", ["h"], ["a"], attributes),
                B.node("Gemm", "fc2", ["a", "V"], ["y"], [.int("transB", 1)]),
            ] + extraNodes,
            initializers: [
                B.tensor("W", [3, 2], [1, 2, 3, 4, 5, 6]), B.tensor("C", [3], [1, -1, 2], raw: false),
                B.tensor("V", [1, 3], [1, -1, 0.5]),
            ],
            inputs: [B.value("x", [.named("N"), .fixed(2)])], outputs: [B.value("y", [.named("N"), .fixed(1)])],
            opset: opset)
    }

    @Test func gemmWithTransBAlphaAndBetaBecomesTheChipsWeights() throws {
        let c = try chip(Self.gemmModel())
        #expect(c.inputCount == 2 && c.widths == [3] && c.outputCount == 1)
        // alpha·W (already out × in with transB = 1) and beta·C.
        #expect(c.hidden[0].weights == [2, 4, 6, 8, 10, 12])
        #expect(c.hidden[0].bias == [0.5, -0.5, 1])
        #expect(c.hidden[0].activation == Activation(.relu, lipschitz: 1))
        #expect(c.readout.weights == [1, -1, 0.5] && c.readout.bias == [0])
        #expect(c.outputTransform == nil)
        #expect(c.name == "m")
        let layers = c.metadata("provenance")?["layers"]
        #expect(layers == .array([
            "layer 1 (3 neurons): node 'fc1' (Gemm) (transB=1, alpha=2, beta=0.5) + node 'act' (Relu) -> relu K=1",
            "readout (1 outputs): node 'fc2' (Gemm) (transB=1) -> linear scores",
        ]))
    }

    @Test(arguments: [
        ("Sigmoid", [B.Attribute](), Activation(.sigmoid, lipschitz: 0.25)),
        ("Tanh", [], Activation(.tanh, lipschitz: 1)),
        ("LeakyRelu", [.float("alpha", 0.25)], Activation(.leakyRelu, lipschitz: 1, alpha: 0.25)),
        ("LeakyRelu", [], Activation(.leakyRelu, lipschitz: 1, alpha: Double(Float(0.01)))),
        ("HardSigmoid", [.float("alpha", 0.5)], Activation(.hardSigmoid, lipschitz: 0.5)),
    ])
    func eachActivationMapsToItsChipFunction(op: String, attributes: [B.Attribute], expected: Activation) throws {
        #expect(try chip(Self.gemmModel(hiddenOp: op, attributes: attributes)).hidden[0].activation == expected)
    }

    @Test func onnxSigmoidAndTheChipsSigmoidAgreeEverywhere() {
        let sigmoid = Activation(.sigmoid, lipschitz: 0.25)
        for x in stride(from: -10.0, through: 10, by: 0.5) { #expect(abs(sigmoid(x) - 1 / (1 + exp(-x))) < 1e-15) }
    }

    @Test func hardSigmoidsOffsetMovesIntoTheBias() throws {
        // max(0, min(1, 0.5·s + 0.75)) = hard-sigmoid_0.5(s + 0.5): every bias grows by (0.75 − 0.5)/0.5.
        let c = try chip(Self.gemmModel(hiddenOp: "HardSigmoid", attributes: [.float("alpha", 0.5), .float("beta", 0.75)]))
        #expect(c.hidden[0].bias == [1, 0, 1.5])
        let a = try #require(c.hidden[0].activation)
        for s in stride(from: -4.0, through: 4, by: 0.25) { #expect(a(s + 0.5) == max(0, min(1, 0.5 * s + 0.75))) }
    }

    @Test func clipIsABoundedReluOrAReluOrRefused() throws {
        func clip(_ inputs: [String], _ extra: [[UInt8]]) throws(InputError) -> Chip {
            try chip(B.model(
                nodes: [
                    B.node("MatMul", "mm", ["x", "K"], ["h"]), B.node("Clip", "clip", ["h"] + inputs, ["a"]),
                    B.node("MatMul", "out", ["a", "R"], ["y"]),
                ],
                initializers: [B.tensor("K", [2, 2], [1, 0, 0, 1]), B.tensor("R", [2, 1], [1, 1])] + extra,
                inputs: [B.value("x", [.fixed(1), .fixed(2)])], outputs: [B.value("y", [.fixed(1), .fixed(1)])]))
        }
        let lo = B.tensor("lo", [], [-0.5]), hi = B.tensor("hi", [], [6]), zero = B.tensor("zero", [], [0])
        #expect(try clip(["lo", "hi"], [lo, hi]).hidden[0].activation == Activation(.clip, lipschitz: 1, clipRange: -0.5...6))
        #expect(try clip(["zero"], [zero]).hidden[0].activation == Activation(.relu, lipschitz: 1))
        #expect(throws: InputError.invalidField(file: "m.onnx", field: "node 'clip' (Clip)", reason: "needs both min and max (or min 0 alone, a ReLU): a one-sided clip is not a supported activation")) {
            try clip(["", "hi"], [hi])
        }
        #expect(throws: InputError.invalidField(file: "m.onnx", field: "node 'clip' (Clip)", reason: "min (6) must be below max (-0.5)")) {
            try clip(["hi", "lo"], [lo, hi])
        }
    }

    @Test func matMulAddAndAFinalSoftmaxKeepTheScoresAndTheTransform() throws {
        // K is in × out (2 × 3), so the chip's rows are its columns; the bias comes as [1, 3] through a Constant node.
        let c = try chip(B.model(
            nodes: [
                B.node("Cast", "cast", ["x"], ["xc"], [.int("to", 1)]),
                B.node("MatMul", "mm1", ["xc", "K"], ["m"]),
                B.node("Constant", "bias", [], ["b"], [.tensor("value", B.tensor("", [1, 3], [0.5, 0, -0.5]))]),
                B.node("Add", "add1", ["b", "m"], ["s"]),
                B.node("Relu", "relu", ["s"], ["a"]),
                B.node("MatMul", "mm2", ["a", "R"], ["z"]),
                B.node("Softmax", "softmax", ["z"], ["p"]),
                B.node("ArgMax", "argmax", ["p"], ["label"]),
            ],
            initializers: [B.tensor("K", [2, 3], [1, 2, 3, 4, 5, 6]), B.tensor("R", [3, 2], [1, 0, 0, 1, 1, 1], raw: false)],
            inputs: [B.value("x", [.named("N"), .fixed(2)])],
            outputs: [B.value("p", [.named("N"), .fixed(2)]), B.value("label", [.named("N")], type: 7)]))
        #expect(c.hidden[0].weights == [1, 4, 2, 5, 3, 6])
        #expect(c.hidden[0].bias == [0.5, 0, -0.5])
        #expect(c.readout.weights == [1, 0, 1, 0, 1, 1])
        #expect(c.outputTransform == .softmax)
        #expect(c.metadata("provenance")?["postProcessing"] == .string("ignored (computed from the output transform's result, not part of the chip): node 'argmax' (ArgMax)"))
    }

    @Test func aNoOpReshapeAndFlattenPassThroughAndOthersAreRefused() throws {
        func reshaped(_ shape: [Int64]) throws(InputError) -> Chip {
            try chip(B.model(
                nodes: [
                    B.node("Flatten", "flat", ["x"], ["f"]), B.node("Reshape", "reshape", ["f", "shape"], ["r"]),
                    B.node("Gemm", "fc1", ["r", "W"], ["h"]), B.node("Tanh", "tanh", ["h"], ["a"]),
                    B.node("Gemm", "fc2", ["a", "V"], ["y"]),
                ],
                initializers: [B.int64Tensor("shape", shape), B.tensor("W", [4, 1], [1, 2, 3, 4]), B.tensor("V", [1, 1], [2])],
                inputs: [B.value("x", [.named("N"), .fixed(2), .fixed(2)])], outputs: [B.value("y", [.named("N"), .fixed(1)])]))
        }
        let c = try reshaped([-1, 4])
        #expect(c.inputCount == 4 && c.hidden[0].weights == [1, 2, 3, 4])
        #expect(try reshaped([0, -1]).inputCount == 4)
        #expect(throws: InputError.invalidField(file: "m.onnx", field: "node 'reshape' (Reshape)", reason: "reshapes to [2, 2], which is not a no-op on a vector of 4 numbers (only [-1, 4] or [0, 4] style reshapes are supported)")) {
            try reshaped([2, 2])
        }
    }

    @Test func aFlattenThatMixesTheBatchIntoTheFeaturesIsRefused() {
        func flattened(_ input: [B.Dim], axis: Int64) -> [UInt8] {
            B.model(
                nodes: [
                    B.node("Flatten", "flat", ["x"], ["f"], [.int("axis", axis)]), B.node("MatMul", "a", ["f", "W"], ["h"]),
                    B.node("Relu", "r", ["h"], ["a1"]), B.node("MatMul", "b", ["a1", "W"], ["y"]),
                ],
                initializers: [B.tensor("W", [2, 2], [1, 0, 0, 1])],
                inputs: [B.value("x", input)], outputs: [B.value("y", [.fixed(1), .fixed(2)])])
        }
        expectRefusal(flattened([.named("N"), .fixed(2)], axis: 0), field: "node 'flat' (Flatten)", "only axis 1 is supported here")
        expectRefusal(flattened([.fixed(2)], axis: 1), field: "node 'flat' (Flatten)", "only axis 0 is supported here")
        #expect(throws: Never.self) { try chip(flattened([.fixed(2)], axis: 0)) }
    }

    @Test(arguments: [
        ("Conv", "node 'act' (Conv)", "follows the linear layer node 'fc1' (Gemm) (transB=1, alpha=2, beta=0.5) without an activation"),
        ("ConvTranspose", "node 'act' (ConvTranspose)", "of the convolutions only Conv (float, dilations 1, group 1) is supported"),
        ("Elu", "node 'act' (Elu)", "unsupported op Elu; supported: Gemm"),
        ("Softmax", "node 'fc2' (Gemm)", "follows the output transform node 'act' (Softmax): a softmax must be the last layer"),
    ])
    func unsupportedOpsAreRefusedByOpAndNodeName(op: String, field: String, words: String) {
        expectRefusal(Self.gemmModel(hiddenOp: op), field: field, words)
    }

    @Test func aConvOffTheChainIsRefusedByName() {
        // A Conv computed from constants only: not on the chain.
        let side = B.node("Conv", "side", ["V", "V"], ["c"])
        #expect(throws: InputError.invalidField(file: "m.onnx", field: "node 'side' (Conv)", reason: "is not on the chain from input 'x' to the output: the graph is not a chain")) {
            try chip(Self.gemmModel(extraNodes: [side]))
        }
    }

    @Test func aNodeOffTheChainMeansTheGraphIsNotAChain() {
        // A second consumer of the hidden activations.
        let side = B.node("Relu", "side", ["h"], ["unused"])
        #expect(throws: InputError.invalidField(file: "m.onnx", field: "value 'h'", reason: "feeds 2 nodes (node 'act' (Relu), node 'side' (Relu)): the graph is not a chain")) {
            try chip(Self.gemmModel(extraNodes: [side]))
        }
        // A node computed from constants only, never reaching the output.
        let island = B.node("Relu", "island", ["V"], ["unused"])
        #expect(throws: InputError.invalidField(file: "m.onnx", field: "node 'island' (Relu)", reason: "is not on the chain from input 'x' to the output: the graph is not a chain")) {
            try chip(Self.gemmModel(extraNodes: [island]))
        }
    }

    @Test func layerStructureErrorsNameTheNode() {
        func model(_ nodes: [[UInt8]], output: String) -> [UInt8] {
            B.model(
                nodes: nodes, initializers: [B.tensor("W", [2, 2], [1, 0, 0, 1])],
                inputs: [B.value("x", [.fixed(1), .fixed(2)])], outputs: [B.value(output, [.fixed(1), .fixed(2)])])
        }
        let cases: [([[UInt8]], String, String, String)] = [
            ([B.node("Relu", "r", ["x"], ["y"])], "y", "node 'r' (Relu)", "must follow a linear layer"),
            ([B.node("MatMul", "a", ["x", "W"], ["h"]), B.node("MatMul", "b", ["h", "W"], ["y"])], "y", "node 'b' (MatMul)",
             "follows the linear layer node 'a' (MatMul) without an activation"),
            ([B.node("MatMul", "a", ["x", "W"], ["h"]), B.node("Relu", "r", ["h"], ["y"])], "y", "value 'y'", "ends with an activation"),
            ([B.node("MatMul", "a", ["x", "W"], ["y"])], "y", "graph", "a single linear layer"),
            ([B.node("MatMul", "a", ["W", "x"], ["y"])], "y", "node 'a' (MatMul)", "multiplies a constant on the left"),
            ([B.node("Gemm", "a", ["x", "W"], ["h"], [.int("transA", 1)])], "h", "node 'a' (Gemm)", "transA"),
            ([B.node("MatMul", "a", ["x", "W"], ["h"]), B.node("Relu", "r", ["h"], ["a1"]), B.node("MatMul", "b", ["a1", "W"], ["z"])],
             "y", "value 'z'", "not a graph output"),
        ]
        for (nodes, output, field, words) in cases { expectRefusal(model(nodes, output: output), field: field, words) }
    }

    @Test func shapesAndTypesTheChipCannotHoldAreRefused() {
        func model(input: [UInt8], initializers: [[UInt8]]? = nil) -> [UInt8] {
            B.model(
                nodes: [B.node("MatMul", "a", ["x", "W"], ["h"]), B.node("Relu", "r", ["h"], ["a1"]), B.node("MatMul", "b", ["a1", "W"], ["y"])],
                initializers: initializers ?? [B.tensor("W", [2, 2], [1, 0, 0, 1])],
                inputs: [input], outputs: [B.value("y", [.fixed(1), .fixed(2)])])
        }
        let cases: [([UInt8], String, String)] = [
            (model(input: B.value("x", [.named("N"), .named("d")])), "graph.input 'x'", "dimension 1 is 'd', a dynamic shape"),
            (model(input: B.value("x", [.fixed(1), .fixed(2)], type: 7)), "graph.input 'x'", "element type INT64 (7) is not supported"),
            (model(input: B.value("x", [.fixed(1), .fixed(2)]), initializers: [B.rawTensor("W", [2, 2], type: 3, raw: [1, 2, 3, 4])]),
             "node 'a' (MatMul): input 1 'W'", "data type INT8 (3) is not supported"),
            (model(input: B.value("x", [.fixed(1), .fixed(2)]), initializers: [B.rawTensor("W", [2, 2], type: 1, raw: [], external: true)]),
             "node 'a' (MatMul): input 1 'W'", "external data file"),
            (model(input: B.value("x", [.fixed(1), .fixed(2)]), initializers: [B.rawTensor("W", [2, 2], type: 1, raw: [0, 0, 0])]),
             "node 'a' (MatMul): input 1 'W'", "has 3 bytes of raw_data, its dims [2, 2] need 16"),
            (model(input: B.value("x", [.fixed(1), .fixed(3)])), "node 'a' (MatMul): input 1 'W'", "it takes 2 numbers, the layer before gives 3"),
        ]
        for (bytes, field, words) in cases { expectRefusal(bytes, field: field, words) }
    }

    @Test func aFileThatIsNotONNXOrIsTruncatedIsOneErrorNamingTheFile() throws {
        #expect(throws: InputError.malformed(file: "m.onnx", location: "byte 0", reason: "empty file, not an ONNX model")) { try chip([]) }
        // JSON text: '{' is field 15 with wire type 3.
        #expect(throws: InputError.malformed(file: "m.onnx", location: "byte 0", reason: "field 15 has wire type 3, which is not supported (not a protobuf message?)")) {
            try chip(Array(#"{"format": "neurofail.chip/1"}"#.utf8))
        }
        // A valid protobuf message without a graph.
        #expect(throws: InputError.malformed(file: "m.onnx", location: "byte 0", reason: "no graph (ModelProto field 7): not an ONNX model")) {
            try chip([0x08, 0x07])
        }
        // Every prefix of a real model: an error (never a trap) unless the cut falls after the graph.
        let full = Self.gemmModel()
        var errors = 0
        for length in 0..<full.count {
            do {
                _ = try chip(Array(full[0..<length]))
            } catch {
                errors += 1
                #expect(error.description.hasPrefix("m.onnx: "), "\(error)")
            }
        }
        #expect(errors >= full.count - 12, "only cuts in the opset_import after the graph may load")
    }

    @Test func chipFileTellsJSONFromONNXByContent() throws {
        let dir = Scratch.folder + "nf-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let onnx = dir + "/model.bin"
        try Data(Self.gemmModel()).write(to: URL(fileURLWithPath: onnx))
        #expect(try ChipFile.kind(path: onnx) == .onnx)
        #expect(try ChipFile.load(path: onnx).widths == [3])
        let json = dir + "/chip.onnx"
        try Data("\u{FEFF}  {\"format\": \"neurofail.chip/1\"}".utf8).write(to: URL(fileURLWithPath: json))
        #expect(try ChipFile.kind(path: json) == .json)
        #expect(throws: InputError.unreadable(file: dir + "/none.onnx", reason: "no such file")) {
            try ChipFile.load(path: dir + "/none.onnx")
        }
        let domain = InputDomain(lower: -1, upper: 2)
        #expect(try ChipFile.load(path: onnx, inputDomain: domain).inputDomain == domain)
    }
}

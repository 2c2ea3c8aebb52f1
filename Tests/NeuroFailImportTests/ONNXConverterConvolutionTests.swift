import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailImport

/// ONNX `Conv` on models built byte by byte: the geometry, kernel and per-channel biases it becomes, `auto_pad`
/// worked by hand, and the refusals (dilations, groups, shapes), each naming the node and the attribute or input.
struct ONNXConverterConvolutionTests {
    typealias B = ONNXBuilder

    /// x [N, 1, 4, 4] → Conv(W 2×1×3×3, B, attributes) → Relu → Flatten → Gemm(V, transB) → y; `extra` nodes and
    /// initializers replace the defaults where given.
    static func convModel(
        attributes: [B.Attribute] = [.ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1])],
        w: [Int] = [2, 1, 3, 3], bias: Bool = true, betweenConvAndRelu: [[UInt8]] = [], extraInitializers: [[UInt8]] = [],
        input: [B.Dim] = [.named("N"), .fixed(1), .fixed(4), .fixed(4)], gemmInputs: Int = 8, reluInput: String = "c"
    ) -> [UInt8] {
        let count = w.reduce(1, *)
        return B.model(
            nodes: [B.node("Conv", "conv1", bias ? ["x", "W", "B"] : ["x", "W"], ["c"], attributes)] + betweenConvAndRelu + [
                B.node("Relu", "relu1", [reluInput], ["a"]), B.node("Flatten", "flat", ["a"], ["f"]),
                B.node("Gemm", "fc", ["f", "V"], ["y"], [.int("transB", 1)]),
            ],
            initializers: [
                B.tensor("W", w, (0..<count).map { Float($0 % 5) - 2 }), B.tensor("B", [w[0]], (0..<w[0]).map { $0 % 2 == 0 ? 0.5 : -1 }),
                B.tensor("V", [1, gemmInputs], (0..<gemmInputs).map { Float($0) }),
            ] + extraInitializers,
            inputs: [B.value("x", input)], outputs: [B.value("y", [.named("N"), .fixed(1)])])
    }

    @Test func aConvBecomesAConvolutionalLayerWithItsKernelAndChannelBiases() throws {
        let c = try chip(Self.convModel())
        let conv = try #require(c.hidden[0].convolution)
        #expect(c.inputCount == 16 && conv.inputShape == [1, 4, 4] && conv.outputShape == [2, 2, 2])
        #expect(conv.stride == [2, 2] && conv.padding == [1, 1, 1, 1] && conv.kernelSize == [3, 3])
        // W is already C_out × C_in × k_y × k_x in C order: the kernel as stored.
        #expect(c.hidden[0].weights == (0..<18).map { Double($0 % 5) - 2 })
        #expect(c.hidden[0].channelBias == [0.5, -1] && c.hidden[0].bias == [0.5, 0.5, 0.5, 0.5, -1, -1, -1, -1])
        #expect(c.readout.inputs == 8 && c.readout.weights == (0..<8).map(Double.init))
        let layers = c.metadata("provenance")?["layers"]
        #expect(layers == .array([
            "layer 1 (8 neurons, feature maps 2x2x2): node 'conv1' (Conv) (1x4x4 -> 2x2x2, kernel 3x3, strides [2, 2], pads [1, 1, 1, 1]) + node 'relu1' (Relu) -> relu K=1",
            "readout (1 outputs): node 'fc' (Gemm) (transB=1) -> linear scores",
        ]))
    }

    @Test func aBiasAddedAfterTheConvIsOnePerChannel() throws {
        let add = B.node("Add", "bias", ["c", "b2"], ["cb"])
        let c = try chip(Self.convModel(
            bias: false, betweenConvAndRelu: [add], extraInitializers: [B.tensor("b2", [1, 2, 1, 1], [3, 4])],
            reluInput: "cb"))
        #expect(c.hidden[0].channelBias == [3, 4])
        expectRefusal(
            Self.convModel(bias: false, betweenConvAndRelu: [add], extraInitializers: [B.tensor("b2", [2, 2, 1], [1, 2, 3, 4])], reluInput: "cb"),
            field: "node 'bias' (Add): input 1 'b2'",
            "a convolution's bias must be one number per output channel, shape [2, 1, 1] (or a single number)")
    }

    @Test func autoPadSplitsTheSamePaddingAsOnnxDoes() throws {
        // 1-D, length 5, kernel 3, stride 2: output ⌈5/2⌉ = 3, total padding (3 − 1)·2 + 3 − 5 = 2, one each side.
        func oneD(_ autoPad: String, kernel: Int, stride: Int) throws -> Convolution? {
            let out = (5 + stride - 1) / stride
            return try chip(Self.convModel(
                attributes: [.string("auto_pad", autoPad), .ints("strides", [Int64(stride)])], w: [1, 2, kernel], bias: false,
                input: [.named("N"), .fixed(2), .fixed(5)], gemmInputs: autoPad == "VALID" ? (5 - kernel) / stride + 1 : out)
            ).hidden[0].convolution
        }
        #expect(try oneD("SAME_UPPER", kernel: 3, stride: 2)?.padding == [1, 1])
        // Kernel 2, stride 1: total padding 1, at the end for SAME_UPPER and at the beginning for SAME_LOWER.
        #expect(try oneD("SAME_UPPER", kernel: 2, stride: 1)?.padding == [0, 1])
        #expect(try oneD("SAME_LOWER", kernel: 2, stride: 1)?.padding == [1, 0])
        #expect(try oneD("VALID", kernel: 3, stride: 2)?.outputShape == [1, 2])
        expectRefusal(
            Self.convModel(attributes: [.string("auto_pad", "SAME")]), field: "node 'conv1' (Conv)",
            "attribute auto_pad: \"SAME\" is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER")
    }

    @Test func unsupportedConvolutionsAreRefusedByNodeAndAttribute() {
        expectRefusal(
            Self.convModel(attributes: [.ints("dilations", [2, 2])]), field: "node 'conv1' (Conv)",
            "attribute dilations: [2, 2] is not supported, only dilation 1")
        expectRefusal(
            Self.convModel(attributes: [.int("group", 2)]), field: "node 'conv1' (Conv)",
            "attribute group: 2 is not supported, only group 1")
        expectRefusal(
            Self.convModel(attributes: [.ints("kernel_shape", [2, 2])]), field: "node 'conv1' (Conv)",
            "attribute kernel_shape: [2, 2] does not match the weights' kernel [3, 3]")
        expectRefusal(
            Self.convModel(attributes: [.ints("pads", [3, 0, 0, 0])]), field: "node 'conv1' (Conv)",
            "attribute pads: element 0 is 3, must be in 0...2")
        expectRefusal(
            Self.convModel(attributes: [.ints("strides", [0, 1])]), field: "node 'conv1' (Conv)",
            "attribute strides: element 0 is 0, a stride must be >= 1")
        expectRefusal(
            Self.convModel(attributes: [.ints("strides", [2])]), field: "node 'conv1' (Conv)",
            "attribute strides: has 1 numbers [2], expected 2 for a 2-D convolution")
        expectRefusal(
            Self.convModel(w: [2, 3, 3, 3]), field: "node 'conv1' (Conv): input 1 'W'",
            "has shape [2, 3, 3, 3]: it reads 3 input channels, the tensor before has 1 (shape [1, 4, 4])")
        expectRefusal(
            Self.convModel(w: [2, 1, 3]), field: "node 'conv1' (Conv): input 1 'W'",
            "has shape [2, 1, 3], expected 4 dimensions")
        expectRefusal(
            Self.convModel(input: [.named("N"), .fixed(16)]), field: "node 'conv1' (Conv)",
            "takes a tensor of shape [16] per input; a Conv needs [batch, channels, length] or [batch, channels, height, width]")
    }

    @Test func aConvCannotBeTheReadout() {
        let bytes = B.model(
            nodes: [B.node("Conv", "conv1", ["x", "W"], ["y"], [.ints("strides", [1])])],
            initializers: [B.tensor("W", [1, 1, 2], [1, 1])],
            inputs: [B.value("x", [.named("N"), .fixed(1), .fixed(3)])],
            outputs: [B.value("y", [.named("N"), .fixed(1), .fixed(2)])])
        expectRefusal(bytes, field: "node 'conv1' (Conv)", "a chip's readout is dense; add Flatten and a Gemm (or MatMul) after it")
    }
}

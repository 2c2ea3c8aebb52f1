import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

private func decode(_ text: String) throws(InputError) -> Chip {
    try Chip.decode(JSONValue.parse(Data(text.utf8), file: "c.json"), file: "c.json")
}

/// A chip with a 1x4x4 input, a 2-channel 3x3 convolution (stride 2, padding 1), a 1-channel 2x2 one after it
/// (input shape inferred), and a dense readout.
private func cnn(
    first: String = "", second: String = "", readout: String = "", type: String = "\"convolution\"",
    shape: String = "[1, 4, 4]", stride: String = "2", padding: String = "1"
) -> String {
    """
    {"format": "neurofail.chip/1", "name": "cnn", "inputs": 16,
     "activation": {"function": "relu", "lipschitz": 1},
     "layers": [
       {"type": \(type), "inputShape": \(shape),
        "kernel": [[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]], [[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]],
        "stride": \(stride), "padding": \(padding), "bias": [0.5, -0.5]\(first)},
       {"type": "convolution", "kernel": [[[[1, 1], [1, 1]], [[-1, 0], [0, 1]]]], "bias": [0]\(second)}
     ],
     "readout": {"weights": [[2]], "bias": [1]\(readout)}}
    """
}

/// The chip-file form of convolutional layers: what it means, its defaults, and its errors.
struct ChipConvolutionTests {
    @Test func decodesConvolutionsWithTheirGeometryKernelAndChannelBiases() throws {
        let chip = try decode(cnn())
        let c1 = try #require(chip.hidden[0].convolution), c2 = try #require(chip.hidden[1].convolution)
        #expect(c1.outputShape == [2, 2, 2] && c1.stride == [2, 2] && c1.padding == [1, 1, 1, 1])
        // The second layer's input shape is the first's output shape; stride 1 and padding 0 by default.
        #expect(c2.inputShape == [2, 2, 2] && c2.outputShape == [1, 1, 1] && c2.stride == [1, 1] && c2.padding == [0, 0, 0, 0])
        #expect(chip.widths == [8, 1] && chip.inputCount == 16 && chip.outputCount == 1)
        #expect(chip.hidden[0].weights == [1, 0, -1, 2, 0, -2, 1, 0, -1, 0, 1, 0, 1, -4, 1, 0, 1, 0])
        #expect(chip.hidden[0].bias == [0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, -0.5])
        // Output unit (0, 0, 0) reads input rows -1...1, columns -1...1: only (0..1, 0..1) are on the input, with
        // kernel taps (1..2, 1..2): weights 0, -2, 0, -1 at inputs 0, 1, 4, 5.
        let first = chip.hidden[0].incoming(0)
        #expect(first.map(\.source) == [0, 1, 4, 5] && first.map(\.weight) == [0, -2, 0, -1])
        // By hand on an input of all ones: feature map 0 is relu(0.5 + window sums) = (0, 0.5, 0, 0.5) (window sums
        // -3, 0, -4, 0), map 1 is all 0 (sums -2, -1, -1, 0, bias -0.5); the second convolution sums map 0 with
        // weights 1 and map 1 with (-1, 0, 0, 1): 1; the readout 2 · 1 + 1 = 3.
        #expect(ConvolutionalChips.forward(chip, Array(repeating: 1, count: 16), FaultSet(pristine: chip)) == [3])
    }

    @Test func encodingDecodesToAnEqualChip() throws {
        var rng = Xoshiro256(seed: 3)
        for _ in 0..<100 {
            let chip = ConvolutionalChips.random(&rng, size: .medium)
            let text = chip.json.rendered()
            #expect(try decode(text) == chip, "\(text)")
        }
        let hand = try decode(cnn())
        #expect(try decode(hand.json.rendered()) == hand)
        // The written layer names its type and every parameter.
        let layer = hand.json["layers"].flatMap { if case let .array(l) = $0 { return l.first } else { return nil } }
        #expect(layer?["type"] == "convolution" && layer?["inputShape"] == .integers([1, 4, 4]))
        #expect(layer?["stride"] == .integers([2, 2]) && layer?["padding"] == .integers([1, 1, 1, 1]))
        #expect(layer?["bias"] == .numbers([0.5, -0.5]))
    }

    @Test func oneDimensionalConvolutionsReadChannelsByLength() throws {
        let text = """
            {"format": "neurofail.chip/1", "inputs": 6, "activation": {"function": "tanh", "lipschitz": 1},
             "layers": [{"type": "convolution", "inputShape": [2, 3], "kernel": [[[1, 2], [3, 4]]], "padding": [1, 0], "bias": [0]}],
             "readout": {"weights": [[1, 1, 1]], "bias": [0]}}
            """
        let chip = try decode(text)
        let c = try #require(chip.hidden[0].convolution)
        #expect(c.spatialDimensions == 1 && c.outputShape == [1, 3] && c.padding == [1, 0])
        // Unit 0 reads position -1 (padding) and 0 of both channels: inputs 0 and 3, weights 2 and 4.
        #expect(chip.hidden[0].incoming(0).map(\.source) == [0, 3] && chip.hidden[0].incoming(0).map(\.weight) == [2, 4])
        #expect(try decode(chip.json.rendered()) == chip)
    }

    @Test(arguments: [
        (cnn(stride: "0"), "layers[0].stride", "must be between 1 and"),
        (cnn(stride: "[2, 2, 2]"), "layers[0].stride", "has 3 numbers, expected one number or 2"),
        (cnn(padding: "3"), "layers[0].padding", "element 0 is 3, must be in 0...2"),
        (cnn(padding: "[1, 1]"), "layers[0].padding", "has 2 numbers, expected one number or 4 ([top, left, bottom, right])"),
        (cnn(shape: "[1, 4, 5]"), "layers[0].inputShape", "[1, 4, 5] has 20 units, but the layer is fed 16"),
        (cnn(second: ", \"inputShape\": [1, 8]"), "layers[1].kernel[0]", "has 2 input channels, expected 1 (inputShape[0])"),
        (cnn(first: ", \"weights\": [[1]]"), "layers[0].weights", "a convolution has a kernel, not weights"),
        (cnn(type: "\"pooling\""), "layers[0].type", "unknown layer type \"pooling\", expected \"dense\" or \"convolution\""),
        (cnn(readout: ", \"type\": \"convolution\""), "readout.type", "the readout is a dense linear layer"),
    ])
    func badConvolutionsNameTheField(text: String, field: String, words: String) {
        expectRefusal(text, field: field, words)
    }

    @Test func kernelShapeErrorsNameTheElement() {
        func chip(_ kernel: String, shape: String = "[1, 3, 3]", bias: String = "[0]") -> String {
            """
            {"format": "neurofail.chip/1", "inputs": 9, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"type": "convolution", "inputShape": \(shape), "kernel": \(kernel), "bias": \(bias)}],
             "readout": {"weights": [[1]], "bias": [0]}}
            """
        }
        expectRefusal(chip("[[[[1, 1], [1]]]]"), field: "layers[0].kernel[0][0]", "row 1 has 1 numbers, expected 2 (as row 0)")
        expectRefusal(chip("[[[[1]]], [[[1, 1]]]]", bias: "[0, 0]"), field: "layers[0].kernel[1][0]", "is 1x2, expected 1x1 (as kernel[0][0])")
        expectRefusal(chip("[]"), field: "layers[0].kernel", "has no output channels")
        expectRefusal(chip("[[[[1, 1, 1, 1]]]]"), field: "layers[0].kernel", "kernel size 4 on axis 1 is larger than the padded input (3 + 0 + 0 = 3): the output would be empty")
        expectRefusal(chip("[[[[1]]]]", bias: "[0, 1]"), field: "layers[0].bias", "has 2 numbers, expected 1 (one per output channel of the kernel)")
        expectRefusal(chip("[[[[1]]]]", shape: "[9]"), field: "layers[0].inputShape", "has 1 numbers [9], expected [channels, length] (1-D) or [channels, height, width] (2-D)")
        expectRefusal(chip("[[[[1]]]]", shape: "[1, 0, 9]"), field: "layers[0].inputShape[1]", "must be between 1 and")
        expectRefusal(chip("[[[[1e999]]]]"), field: "layers[0].kernel[0][0][0]", "element 0 is not finite")
        let noShape = """
            {"format": "neurofail.chip/1", "inputs": 9, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"type": "convolution", "kernel": [[[[1]]]], "bias": [0]}], "readout": {"weights": [[1]], "bias": [0]}}
            """
        expectRefusal(noShape, field: "layers[0].inputShape", "missing: a convolution that does not follow another needs the shape of its 9 inputs")
    }

    @Test func aKernelThatOverflowsTheRangeNamesTheKernel() {
        let text = """
            {"format": "neurofail.chip/1", "inputs": 4, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"type": "convolution", "inputShape": [1, 4], "kernel": [[[1e200, 1e200]]], "bias": [0]},
                        {"type": "convolution", "kernel": [[[1e200, 1e200]]], "bias": [0]}],
             "readout": {"weights": [[1, 1]], "bias": [0]}}
            """
        expectRefusal(text, field: "layers[1].kernel", "neuron 0 of layer 2 can reach")
    }

    private func expectRefusal(_ text: String, field: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch Result(catching: { () throws(InputError) in try decode(text) }) {
        case .success: Issue.record("accepted: \(field)", sourceLocation: sourceLocation)
        case let .failure(.invalidField(file, f, reason)):
            #expect(file == "c.json" && f == field && reason.contains(words), "\(f): \(reason)", sourceLocation: sourceLocation)
        case let .failure(error): Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }
}

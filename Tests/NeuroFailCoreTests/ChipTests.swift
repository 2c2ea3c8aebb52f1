import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// The repository root, found from this file's path, so tests can read the committed chips.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func decode(_ text: String) throws(InputError) -> Chip {
    do {
        return try Chip.decode(JSONValue.parse(Data(text.utf8), file: "x.json"), file: "x.json")
    }
}

private let valid = """
    {"format": "neurofail.chip/1", "name": "t", "inputs": 2,
     "activation": {"function": "relu", "lipschitz": 1},
     "layers": [{"weights": [[1, 2], [3, 4], [5, 6]], "bias": [0, 0, 0]}],
     "readout": {"weights": [[1, 1, 1]], "bias": [0]}}
    """

struct ChipTests {
    @Test func decodesTheHandCheckableChip() throws {
        let chip = try Chip.load(path: repositoryRoot.appendingPathComponent("Chips/hand-2-2-1.json").path)
        #expect(chip.widths == [2, 2])
        #expect(chip.inputCount == 2 && chip.outputCount == 1)
        #expect(chip.hidden[0].weight(target: 1, source: 0) == -1)
        #expect(chip.readout.weights == [1, -2])
        #expect(chip.metadata("description") != nil)
    }

    @Test func encodedChipDecodesToAnEqualChip() throws {
        for seed: UInt64 in 1...5 {
            let chip = Chip.random(
                inputs: 3, widths: [4, 2, 3], outputs: 2, activation: Activation(.sigmoid, lipschitz: 0.7),
                seed: seed)
            let text = chip.json.rendered()
            let back = try Chip.decode(JSONValue.parse(Data(text.utf8), file: "r"), file: "r")
            #expect(back == chip)
        }
    }

    @Test func everyActivationAndTheOutputTransformSurviveARoundTrip() throws {
        let activations = [
            Activation(.tanh, lipschitz: 2), Activation(.leakyRelu, lipschitz: 1, alpha: 0.2),
            Activation(.hardSigmoid, lipschitz: 0.2), Activation(.clip, lipschitz: 1, clipRange: 0...6),
        ]
        var chip = Chip.random(inputs: 2, widths: [3, 3, 3, 3], outputs: 2, activation: activations[0], seed: 3)
        for (l, a) in activations.enumerated() { chip.hidden[l].activation = a }
        chip.outputTransform = .logSoftmax
        let text = chip.json.rendered(indent: 0)
        #expect(text.contains(#""outputTransform":"log-softmax""#))
        #expect(text.contains(#""function":"clip","lipschitz":1,"lower":0,"upper":6"#))
        let back = try Chip.decode(JSONValue.parse(Data(text.utf8), file: "r"), file: "r")
        #expect(back == chip)
        #expect(back.hidden.map(\.activation) == activations)
        #expect(back.metadata("outputTransform") == nil, "a known field, not metadata")
    }

    @Test func randomChipIsReproducibleFromItsSeed() {
        let a = Chip.random(inputs: 4, widths: [4, 4], outputs: 1, activation: .init(.relu, lipschitz: 1), seed: 42)
        let b = Chip.random(inputs: 4, widths: [4, 4], outputs: 1, activation: .init(.relu, lipschitz: 1), seed: 42)
        let c = Chip.random(inputs: 4, widths: [4, 4], outputs: 1, activation: .init(.relu, lipschitz: 1), seed: 43)
        #expect(a == b)
        #expect(a != c)
        #expect(a.metadata("generator")?["seed"] == .number(42))
    }

    @Test func perLayerActivationOverridesTheDefault() throws {
        let chip = try decode(
            valid.replacingOccurrences(
                of: #""bias": [0, 0, 0]}"#,
                with: #""bias": [0, 0, 0], "activation": {"function": "sigmoid", "lipschitz": 0.5}}"#))
        #expect(chip.hidden[0].activation == Activation(.sigmoid, lipschitz: 0.5))
    }

    @Test(arguments: [
        (#""weights": [[1, 2], [3, 4], [5, 6]]"#, #""weights": [[1, 2], [3, 4, 7], [5, 6]]"#,
         "x.json: layers[0].weights: row 1 has 3 numbers, expected 2"),
        (#""lipschitz": 1"#, #""lipschitz": 0"#, "x.json: activation.lipschitz: must be > 0, found 0"),
        (#""lipschitz": 1"#, #""lipschitz": -2"#, "x.json: activation.lipschitz: must be > 0, found -2"),
        (#""function": "relu""#, #""function": "swish""#,
         "x.json: activation.function: unknown activation \"swish\", expected one of \"relu\", \"sigmoid\", \"tanh\", \"leaky-relu\", \"hard-sigmoid\", \"clip\""),
        (#""function": "relu", "lipschitz": 1"#, #""function": "leaky-relu", "lipschitz": 1"#,
         "x.json: activation.alpha: missing"),
        (#""function": "relu", "lipschitz": 1"#, #""function": "leaky-relu", "lipschitz": 1, "alpha": 1"#,
         "x.json: activation.alpha: must be < 1, found 1"),
        (#""function": "relu", "lipschitz": 1"#, #""function": "relu", "lipschitz": 1, "alpha": 0.1"#,
         "x.json: activation.alpha: only \"leaky-relu\" takes alpha, this activation is \"relu\""),
        (#""function": "relu", "lipschitz": 1"#, #""function": "clip", "lipschitz": 1, "lower": 2, "upper": 1"#,
         "x.json: activation.upper: must be > lower (2), found 1"),
        (#""function": "relu", "lipschitz": 1"#, #""function": "clip", "lipschitz": 1, "upper": 1"#,
         "x.json: activation.lower: missing"),
        (#""format": "neurofail.chip/1","#, #""format": "neurofail.chip/1", "outputTransform": "sigmoid","#,
         "x.json: outputTransform: unknown output transform \"sigmoid\", expected \"softmax\" or \"log-softmax\""),
        (#""neurofail.chip/1""#, #""neurofail.chip/9""#,
         "x.json: format: unknown format \"neurofail.chip/9\", expected \"neurofail.chip/1\""),
        (#""bias": [0, 0, 0]"#, #""bias": [0, 0]"#,
         "x.json: layers[0].bias: has 2 numbers, expected 3 (one per row of weights)"),
        (#""weights": [[1, 1, 1]]"#, #""weights": [[1, 1]]"#,
         "x.json: readout.weights: row 0 has 2 numbers, expected 3"),
        (#"[[1, 2], [3, 4], [5, 6]]"#, #"[[1, 2], [3, "x"], [5, 6]]"#,
         "x.json: layers[0].weights: row 1, column 1 is a string, expected a number"),
        (#""inputs": 2,"#, #""inputs": 2, "inputDomain": {"lower": 1, "upper": 0},"#,
         "x.json: inputDomain: lower (1) must be < upper (0)"),
        (#"[{"weights": [[1, 2], [3, 4], [5, 6]], "bias": [0, 0, 0]}]"#, "[]",
         "x.json: layers: needs at least one hidden layer"),
        (#""inputs": 2"#, #""inputs": 2.5"#, "x.json: inputs: expected an integer, found 2.5"),
        (#"[[1, 2], [3, 4], [5, 6]]"#, #"[[1, 2], [3, 1e999], [5, 6]]"#,
         "x.json: layers[0].weights: row 1, column 1 is not finite"),
    ])
    func badChipGivesOneLineNamingTheField(original: String, replacement: String, message: String) {
        let text = valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != valid, "the substitution must apply")
        do {
            _ = try decode(text)
            Issue.record("decoded a bad chip")
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func missingFileAndDirectoryAreReported() {
        #expect(throws: InputError.unreadable(file: "/nonexistent/c.json", reason: "no such file")) {
            try Chip.load(path: "/nonexistent/c.json")
        }
        #expect(throws: InputError.unreadable(file: "/tmp", reason: "is a directory, expected a file")) {
            try Chip.load(path: "/tmp")
        }
    }

    @Test func chipSavedWithAByteOrderMarkLoads() throws {
        let original = repositoryRoot.appendingPathComponent("Chips/hand-2-2-1.json").path
        let bytes = try InputError.readFile(original)
        let path = Scratch.folder + "nf-bom-\(UUID().uuidString).json"
        _ = FileManager.default.createFile(atPath: path, contents: Data(TextInput.byteOrderMark) + bytes)
        let chip = try Chip.load(path: path)
        #expect(chip.json == (try Chip.load(path: original)).json)
    }
}

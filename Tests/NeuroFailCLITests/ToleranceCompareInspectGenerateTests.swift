import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

struct ToleranceCompareInspectGenerateTests {
    private let hand = repo("Chips/hand-2-2-1.json")

    /// hand-2-2-1's worst Erf by total crash count is 0, 24, 48, 36, 24 (Docs/theory.md): within 30, one crash is
    /// tolerated wherever it falls; per layer, layer 1 takes one (Erf 24, two give 48) and layer 2 two (12 each).
    @Test func handChipToleranceMatchesItsWorstCurve() {
        let r = neurofail("tolerance", hand, "--budget", "30", "--json")
        #expect(r.status == 0)
        let erf = json(r)["erf"] as? [String: Any]
        #expect(erf?["neurons"] as? Int == 1)
        #expect(erf?["neuronsPerLayer"] as? [Int] == [1, 2])
    }

    @Test func compareRanksTheLowestErfFirst() {
        let r = neurofail("compare", repo("Chips/paper-relu-4x4.json"), hand, repo("Chips/paper-sigmoid-4x4.json"), "--crashes", "1", "--json")
        #expect(r.status == 0, "\(r.err)")
        let ranking = json(r)["ranking"] as? [[String: Any]] ?? []
        #expect(ranking.map { $0["chip"] as? String ?? "" } == ["hand-2-2-1", "paper-sigmoid-4x4", "paper-relu-4x4"])
        let erfs = ranking.compactMap { $0["erf"] as? Double }
        #expect(erfs == erfs.sorted())
        #expect(erfs.first == 24)
    }

    @Test func compareWithFailuresNeedsChipsOfTheSameDepth() {
        let r = neurofail("compare", hand, repo("Chips/paper-relu-4x4.json"), "--failures", "1,0")
        #expect(r.status == 2)
        #expect(r.err.contains("--failures: expected 4 counts"))
    }

    /// float16 holds 0.1 as 0.0999755859375 (binary16: 1.6 · 2⁻⁴ rounded to 10 significand bits, 1638/1024 · 2⁻⁴),
    /// so storing costs 0.1 − 0.0999755859375 = 2.44140625e-5 in the first matrix; 1 and 2 are exact.
    @Test func inspectSaysWhatAWeightStorageCosts() {
        let chip = temporaryFile("c.json", """
            {"format": "neurofail.chip/1", "name": "q", "inputs": 2, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"weights": [[0.1, 1]], "bias": [0]}], "readout": {"weights": [[2]], "bias": [0]}}
            """)
        let r = neurofail("inspect", chip, "--storage", "float16", "--json")
        #expect(r.status == 0, "\(r.err)")
        let storage = json(r)["weightStorage"] as? [String: Any]
        let errors = storage?["quantizationError"] as? [Double]
        #expect(storage?["format"] as? String == "float16")
        #expect(errors == [0.1 - 0.0999755859375, 0], "\(String(describing: errors))")
        expectBadInput(neurofail("inspect", chip, "--storage", "int4"), "--storage: unknown weight storage 'int4'")
    }

    @Test func inspectShowsShapeAndConstants() {
        let r = neurofail("inspect", hand, "--json")
        #expect(r.status == 0)
        let j = json(r)
        #expect(j["widths"] as? [Int] == [2, 2])
        #expect(j["neurons"] as? Int == 4)
        #expect(j["synapses"] as? Int == 10)
    }

    /// The convolutional example of Docs/chip-format.md, worked out by hand: layer 1 (1×4×4, two 3×3 maps, stride 2,
    /// padding 1) has 2×2 units per map reading 4, 6, 6 and 9 pixels, so 2 × 25 = 50 synapses, at most 9 per unit;
    /// input row 1 (and column 1) lies in both output rows' windows, so a pixel feeds up to 2 × 2 × 2 = 8 units.
    /// Layer 2 (2×2×2 → 1×1×1, a 2×2 kernel per input channel) connects its one unit to all 8 inputs.
    @Test func inspectShowsAConvolutionsGeometryAndFanCounts() throws {
        let chip = temporaryFile("cnn.json", """
            {"format": "neurofail.chip/1", "name": "cnn", "inputs": 16,
             "activation": {"function": "relu", "lipschitz": 1},
             "layers": [
               {"type": "convolution", "inputShape": [1, 4, 4],
                "kernel": [[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]], [[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]],
                "stride": 2, "padding": 1, "bias": [0.5, -0.5]},
               {"type": "convolution", "kernel": [[[[1, 1], [1, 1]], [[-1, 0], [0, 1]]]], "bias": [0]}
             ],
             "readout": {"weights": [[2]], "bias": [1]}}
            """)
        let text = neurofail("inspect", chip)
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("9 neurons and 59 synapses can crash"), "\(text.out)")
        #expect(text.out.contains("layer 1: convolution 1x4x4 -> 2x2x2, kernel 3x3, stride 2x2, zero padding 1,1,1,1 (18 kernel weights; a unit reads at most 9 inputs, an input feeds at most 8 units)"), "\(text.out)")
        #expect(text.out.contains("layer 2: convolution 2x2x2 -> 1x1x1, kernel 2x2, stride 1x1, zero padding 0,0,0,0 (8 kernel weights; a unit reads at most 8 inputs, an input feeds at most 1 unit)"), "\(text.out)")
        let layers = json(neurofail("inspect", chip, "--json"))["layers"] as? [[String: Any]] ?? []
        #expect(layers.map { $0["type"] as? String ?? "" } == ["convolution", "convolution", "dense"])
        #expect(layers.map { $0["synapses"] as? Int ?? -1 } == [50, 8, 1])
        let geometry = layers.first?["convolution"] as? [String: Any]
        #expect(geometry?["outputShape"] as? [Int] == [2, 2, 2] && geometry?["maxFanIn"] as? Int == 9 && geometry?["maxFanOut"] as? Int == 8)
    }

    @Test func generateWritesAChipThatReadsBackWithItsSeed() throws {
        let out = temporaryFolder() + "/g.json"
        let r = neurofail("generate", "--widths", "3,2", "--inputs", "2", "--seed", "42", "--activation", "sigmoid", "--lipschitz", "0.5", "--out", out)
        #expect(r.status == 0)
        let chip = try Chip.load(path: out)
        #expect(chip.widths == [3, 2])
        #expect(chip.hidden[0].activation == Activation(.sigmoid, lipschitz: 0.5))
        #expect(chip.metadata("generator")?["seed"] == .number(42))
        let again = temporaryFolder() + "/g.json"
        _ = neurofail("generate", "--widths", "3,2", "--inputs", "2", "--seed", "42", "--activation", "sigmoid", "--lipschitz", "0.5", "--out", again)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: again)))
    }

    @Test(arguments: [
        (["--activation", "tanh", "--lipschitz", "2"], Activation(.tanh, lipschitz: 2)),
        (["--activation", "leaky-relu", "--alpha", "0.2"], Activation(.leakyRelu, lipschitz: 1, alpha: 0.2)),
        (["--activation", "hard-sigmoid"], Activation(.hardSigmoid, lipschitz: 1)),
        (["--activation", "clip", "--clip", "0,6"], Activation(.clip, lipschitz: 1, clipRange: 0...6)),
    ])
    func generateWritesEveryActivationWithItsParameters(options: [String], expected: Activation) throws {
        let out = temporaryFolder() + "/g.json"
        let r = neurofail(["generate", "--widths", "3,2", "--inputs", "2", "--out", out] + options)
        #expect(r.status == 0, "\(r.err)")
        let chip = try Chip.load(path: out)
        #expect(chip.hidden.allSatisfy { $0.activation == expected })
        // And inspect shows the parameters.
        let table = neurofail("inspect", out).out
        #expect(table.contains(expected.function.rawValue))
        if expected.function == .clip { #expect(table.contains("clip [0, 6]")) }
    }

    @Test func omegaWithTotalCrashesReportsTheWorstPlacement() {
        let r = neurofail("omega", hand, "--crashes", "2", "--random-inputs", "100", "--json")
        #expect(r.status == 0)
        let j = json(r)
        #expect(j["configurations"] as? Int == 6)
        #expect(j["erf"] as? Double == 48)
        #expect(j["erfWorstPlacement"] as? [Int] == [2, 0])
        #expect((j["omegaMax"] as? Double ?? .infinity) <= 48)
    }

    /// `--crashes` places neurons only: synapse counts beside it are refused, not silently dropped.
    @Test func omegaRefusesSynapseFailuresWithTotalCrashes() {
        expectBadInput(
            neurofail("omega", hand, "--crashes", "1", "--synapse-failures", "1,0,0", "--random-inputs", "3"),
            "--synapse-failures: cannot be combined with --crashes")
    }

    @Test func sampledOmegaGivesAConfidenceIntervalAndRepeatsForASeed() {
        let chip = repo("Chips/paper-relu-4x4.json")
        let a = neurofail("omega", chip, "--failures", "1,1,1,1", "--random-inputs", "50", "--samples", "40", "--seed", "3", "--json")
        let b = neurofail("omega", chip, "--failures", "1,1,1,1", "--random-inputs", "50", "--samples", "40", "--seed", "3", "--json")
        #expect(a.status == 0)
        #expect(a.out == b.out)
        let j = json(a)
        #expect(j["exhaustive"] as? Bool == false)
        let ci = j["omegaAverageConfidence95"] as? [Double] ?? []
        let avg = j["omegaAverage"] as? Double ?? .nan
        #expect(ci.count == 2 && ci[0] <= avg && avg <= ci[1])
    }

    @Test func compareWithOneChipIsAUsageError() {
        expectBadInput(neurofail("compare", hand, "--crashes", "1"), "neurofail compare: give two or more chips to rank, found one")
    }

    /// Counts printed for people agree with their noun ("1 input", not "1 inputs"), from one input and one crash set.
    @Test func countsOfOneTakeTheSingular() {
        let input = temporaryFile("x.csv", "1,1\n")
        let one = neurofail("omega", hand, "--failures", "0,1", "--inputs", input)
        #expect(one.status == 0, "\(one.err)")
        #expect(one.out.contains("× 1 input ("), "\(one.out)")
        #expect(one.out.contains("= 2 runs"), "\(one.out)")  // two crash sets (layer 2 has two neurons)
        #expect(!one.out.contains("1 inputs"))
        let inspect = neurofail("inspect", hand)
        #expect(inspect.out.contains("2 inputs → 2-2 (relu K=1) → 1 output\n"), "\(inspect.out)")
        let single = neurofail("omega", hand, "--crashes", "1", "--random-inputs", "3")
        #expect(single.out.contains("1 crashed neuron anywhere"), "\(single.out)")
        #expect(single.out.contains("worst placement of 1 crash:"), "\(single.out)")
    }
}

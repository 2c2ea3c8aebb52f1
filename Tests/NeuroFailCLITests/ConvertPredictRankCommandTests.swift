import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

/// `convert`, `predict` and `rank` on chips whose numbers are worked out by hand (no Python needed).
struct ConvertPredictRankCommandTests {
    let hand = repo("Chips/hand-2-2-1.json")

    /// The box corners of the hand chip; Docs/theory.md, section 9, works out every single crash on them.
    func corners() -> String { temporaryFile("corners.csv", "0,0\n0,1\n1,0\n1,1\n") }

    @Test func predictGivesTheHandComputedOutputsAndArgmax() {
        // Outputs at (1, 0), (0, 1), (0.5, 0.5): −3, −1.5, −3 (EvaluatorTests works them out).
        let r = neurofail("predict", hand, "--inputs", temporaryFile("x.csv", "1,0\n0,1\n0.5,0.5\n"), "--json")
        #expect(r.status == 0, "\(r.err)")
        let j = json(r)
        #expect(j["outputs"] as? [[Double]] == [[-3], [-1.5], [-3]])
        #expect(j["argmax"] as? [Int] == [0, 0, 0])
        #expect(j["outputKind"] as? String == "scores")
    }

    @Test func predictAppliesTheChipsSoftmaxUnlessScoresAreAsked() throws {
        // Two outputs z = (x, −x) + (0, 1): at x = 1, z = (1, 0), softmax = (e, 1)/(e + 1).
        let chip = temporaryFile("s.json", """
            {"format": "neurofail.chip/1", "inputs": 1, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"weights": [[1]], "bias": [0]}], "readout": {"weights": [[1], [-1]], "bias": [0, 1]},
             "outputTransform": "softmax"}
            """)
        let inputs = temporaryFile("x.csv", "1\n0\n")
        let p = json(neurofail("predict", chip, "--inputs", inputs, "--json"))
        let rows = p["outputs"] as? [[Double]] ?? []
        #expect(abs(rows[0][0] - M_E / (M_E + 1)) < 1e-15 && abs(rows[0][1] - 1 / (M_E + 1)) < 1e-15)
        #expect(p["argmax"] as? [Int] == [0, 1])
        #expect(p["outputKind"] as? String == "probabilities" && p["outputTransform"] as? String == "softmax")
        let s = json(neurofail("predict", chip, "--inputs", inputs, "--json", "--scores"))
        #expect(s["outputs"] as? [[Double]] == [[1, 0], [0, 1]])
        #expect(neurofail("predict", chip, "--inputs", inputs, "--scores").out.contains("outputs are scores (the readout's linear scores; the chip's softmax not applied)"))
    }

    @Test func rankMatchesTheHandWorkedSingleCrashes() throws {
        let out = temporaryFolder() + "/rank.csv"
        let r = neurofail("rank", hand, "--inputs", corners(), "--json", "--out", out)
        #expect(r.status == 0, "\(r.err)")
        let rows = json(r)["ranking"] as? [[String: Any]] ?? []
        #expect(rows.count == 4 + 10, "every neuron and every synapse")
        func row(_ id: String) -> [String: Any] { rows.first { $0["component"] as? String == id } ?? [:] }
        // Docs/theory.md, section 9: Ω and Erf of single crashes on the corners.
        for (id, omega, erf) in [("n2.1", 11.0, 12.0), ("n2.0", 3.5, 12.0), ("n1.0", 8.0, 24.0), ("s2.1.0", 11.0, 12.0)] {
            #expect(row(id)["omegaMax"] as? Double == omega, "\(id)")
            #expect(row(id)["erfSingle"] as? Double == erf, "\(id)")
            #expect(row(id)["shareOfErf"] as? Double == omega / erf, "\(id)")
        }
        // Sorted by Ω_max: the first is one of the two Ω = 11 components, neurons before synapses on ties.
        #expect(rows.first?["component"] as? String == "n2.1" && rows.first?["rank"] as? Int == 1)
        let omegas = rows.compactMap { $0["omegaMax"] as? Double }
        #expect(omegas == omegas.sorted(by: >))
        #expect(rows.allSatisfy { ($0["shareOfErf"] as? Double ?? 2) <= 1 }, "Erf is a theorem")
        let csv = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "rank,component,kind,layer,omega_max,omega_av,erf_single,share_of_erf,worst_input")
        #expect(csv.count == 15 && csv[1].hasPrefix("1,n2.1,neuron,2,11.0,"))
    }

    @Test func rankPrintsTheTopRowsAndSaysHowManyMore() {
        let r = neurofail("rank", hand, "--inputs", corners(), "--top", "3")
        #expect(r.status == 0)
        #expect(r.out.contains("every single crash of 4 neurons and 10 synapses, measured on 4 inputs"))
        #expect(r.out.contains("(11 more; --top, --json or --out for all)"))
        #expect(r.out.split(separator: "\n").filter { $0.contains("%") }.count == 3)
    }

    @Test func convertWritesChipJSONWithProvenanceThatLoadsBackEqual() throws {
        let out = temporaryFolder() + "/c.json"
        let r = neurofail("convert", repo("Tests/NeuroFailCoreTests/Fixtures/npy/hand.json"), out, "--input-domain", "-1,2")
        #expect(r.status == 0, "\(r.err)")
        let chip = try Chip.load(path: out)
        let original = try Chip.load(path: hand)
        #expect(chip.hidden == original.hidden && chip.readout == original.readout)
        #expect(chip.inputDomain == InputDomain(lower: -1, upper: 2))
        #expect(chip.metadata("provenance")?["format"] == .string(Chip.manifestFormatTag))
    }

    @Test func badArgumentsOfTheNewCommandsAreOneLine() {
        expectBadInput(neurofail("convert", hand), "neurofail convert: missing <out>")
        expectBadInput(neurofail("convert", hand, temporaryFolder() + "/x.json", "--input-domain", "1,0"), "--input-domain: expected lo,hi with finite lo < hi")
        expectBadInput(neurofail("predict", hand, "--inputs", temporaryFile("x.csv", "1,0,0\n")), "x.csv: line 1")
        expectBadInput(neurofail("rank", hand), "neurofail rank: missing --inputs FILE.csv or --random-inputs N")
        expectBadInput(neurofail("rank", hand, "--random-inputs", "4", "--top", "0"), "--top: must be between 1")
        let notONNX = temporaryFile("x.onnx", "hello, not a model")
        expectBadInput(neurofail("predict", notONNX, "--random-inputs", "2"), "\(notONNX): byte 2: field 13 has wire type 4, which is not supported (not a protobuf message?)")
    }
}

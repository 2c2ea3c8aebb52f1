import Foundation
import Testing

@testable import NeuroFailCLI

struct ErfCommandTests {
    private let hand = repo("Chips/hand-2-2-1.json")

    /// Docs/theory.md works these out by hand for hand-2-2-1: C = (3, 6), Erf(1,1) = C1·w2·K·(N2−f2)·w3 + C2·w3
    /// = 3·2·1·1·2 + 6·2 = 24, and Erf_av(1,1) = 3·1.25·1·1·1.5 + 6·1.5 = 14.625.
    @Test func handChipErfMatchesTheWorkedExample() {
        let r = neurofail("erf", hand, "--failures", "1,1", "--json")
        #expect(r.status == 0)
        let j = json(r)
        #expect(j["erf"] as? Double == 24)
        #expect(j["erfAverage"] as? Double == 14.625)
        #expect(j["outputBounds"] as? [Double] == [3, 6])
    }

    @Test func humanOutputShowsBothBoundsAndTheMethod() {
        let r = neurofail("erf", hand, "--failures", "1,0")
        #expect(r.status == 0)
        #expect(r.out.contains("Erf "))
        #expect(r.out.contains("Erf_av"))
        #expect(r.out.contains("interval-propagation"))
    }

    @Test func failuresListOfTheWrongLengthNamesTheChip() {
        expectBadInput(
            neurofail("erf", hand, "--failures", "1,0,2"),
            "--failures: expected 2 counts (one per hidden layer of \(hand)), found 3")
    }

    @Test func tooManyCrashesForALayerIsRejected() {
        expectBadInput(neurofail("erf", hand, "--failures", "0,3"), "layer 2 of \(hand) has 2 neurons, cannot crash 3")
    }

    @Test func negativeCountIsRejected() {
        expectBadInput(neurofail("erf", hand, "--failures", "-1,0"), "--failures: counts must be >= 0")
    }

    @Test func synapseFailuresNeedOneCountPerMatrix() {
        expectBadInput(
            neurofail("erf", hand, "--synapse-failures", "1,0"),
            "--synapse-failures: expected 3 counts (one per weight matrix")
        let r = neurofail("erf", hand, "--synapse-failures", "0,0,1", "--json")
        #expect(r.status == 0)
        // One crashed readout synapse: s_3 · w_m^(3) · C_2 = 1 · 2 · 6 = 12.
        #expect(json(r)["erf"] as? Double == 12)
    }

    @Test func outFileIsWrittenWithTheJSON() throws {
        let out = temporaryFolder() + "/erf.json"
        let r = neurofail("erf", hand, "--failures", "1,1", "--out", out)
        #expect(r.status == 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\"erf\": 24"))
    }

    /// n1.0 on the hand chip (Docs/theory.md, section 9): Erf(1, 0) = 24, Erf_av = 11.25, the worst input (1, 1)
    /// with deviation 8. The difference intervals give 11 by hand: Δy₁ = y₁ ∈ [0, 3] makes h₁'s input move by
    /// [0, 3] and h₂'s by [0, 6]; the faulty h₂ is relu(−y₂) = 0, so Δh₂ = h₂ ∈ [0, 5.5] (its back-substituted
    /// pristine bound) and F − F̂ = Δh₁ − 2Δh₂ ∈ [−11, 3]. The linear bound lies between 8 and that.
    @Test func crashedPrintsTheBracketAndTheJSONHasTheBoundsBesideErf() {
        let text = neurofail("erf", hand, "--crashed", "n1.0")
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("The worst case over chip domain [0, 1]^2 lies in [8, "))
        #expect(text.out.contains("crashed: 1 component (neurons per layer 1,0, synapses per matrix 0,0,0)"))
        let r = neurofail("erf", hand, "--crashed", "n1.0", "--json")
        let j = json(r)
        #expect(j["erf"] as? Double == 24 && j["erfAverage"] as? Double == 11.25)
        #expect(j["foundDeviation"] as? Double == 8 && j["foundInput"] as? [Double] == [1, 1])
        let intervals = j["certifiedBoundIntervals"] as? Double ?? 0
        #expect(intervals >= 11 && intervals < 11 + 1e-12)
        let certified = j["certifiedBound"] as? Double ?? 0
        #expect(certified >= 8 && certified <= intervals)
        #expect(j["crashed"] as? [String] == ["n1.0"] && j["domain"] as? String == "chip domain [0, 1]^2")
        #expect(j["erfOverflow"] == nil, "no overflow flag: an Erf printed is a number")
    }

    /// --tight splits the box into up to 64 pieces: the certified bound closes on the exact 8.
    @Test func tightClosesTheBracketOnTheHandChip() {
        let j = json(neurofail("erf", hand, "--crashed", "n1.0", "--tight", "--json"))
        #expect(j["subdomains"] as? Int ?? 0 > 1)
        let certified = j["certifiedBound"] as? Double ?? 0
        #expect(certified >= 8 && certified <= 8 + 1e-6)
        let few = json(neurofail("erf", hand, "--crashed", "n1.0", "--subdomains", "2", "--search-starts", "0", "--json"))
        #expect(few["subdomains"] as? Int == 2)
        #expect(few["searchStarts"] as? Int ?? 0 >= 1, "the centre and the relaxation's corners still start")
        #expect(few["foundDeviation"] as? Double == 8)
    }

    @Test func aCrashedNameThatIsNoComponentIsOneLineAndWritesNothing() {
        let out = temporaryFolder() + "/erf.json"
        expectBadInput(neurofail("erf", hand, "--crashed", "n9.9", "--out", out), "--crashed: n9.9 is not a component of \(hand)")
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0,s2.5.0", "--out", out), "--crashed: s2.5.0 is not a component of \(hand)")
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0,,n1.1"), "--crashed: '' is not a component name")
        expectBadInput(neurofail("erf", hand, "--crashed", "neuron3"), "--crashed: 'neuron3' is not a component name")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aFaultSetAndCountsOrTwoFaultSetsAreRefused() {
        let trace = temporaryFile("trace.csv", "time_years,component,kind\n0.5,n1.0,replay\n")
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0", "--failures", "1,0"), "--crashed: give either crash counts (--failures) or a fault set (--crashed), not both")
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0", "--synapse-failures", "0,0,1"), "--crashed: give either crash counts")
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0", "--crashed-file", trace), "--crashed: give either --crashed or --crashed-file, not both")
    }

    /// Every failure of the trace: n1.0 and the readout synapse s3.0.1 (weight −2, from h₂). Erf counts both:
    /// 24 + w_m^(3)·C_2 = 24 + 2·6 = 36 (Erf_av 11.25 + 1.5·6 = 20.25). With n1.0 crashed the faulty h₂ is
    /// relu(−y₂) = 0, so the synapse changes nothing: the worst case is n1.0's, 8.
    @Test func crashedFileTakesEveryFailureOfATrace() {
        let trace = temporaryFile("trace.csv", "time_years,component,kind\n0.5,n1.0,replay\n1,s3.0.1,latchup\n")
        let j = json(neurofail("erf", hand, "--crashed-file", trace, "--json"))
        #expect(j["crashed"] as? [String] == ["n1.0", "s3.0.1"])
        #expect(j["erf"] as? Double == 36 && j["erfAverage"] as? Double == 20.25)
        #expect(j["foundDeviation"] as? Double == 8)
        #expect((j["certifiedBound"] as? Double ?? 0) >= 8)
        let bad = temporaryFile("trace.csv", "time_years,component,kind\n0.5,n7.0,replay\n")
        let r = neurofail("erf", hand, "--crashed-file", bad)
        #expect(r.status == 2 && r.err.hasPrefix(bad + ": line 2") && r.err.split(separator: "\n").count == 1, "\(r.err)")
    }

    /// An envelope near the corner (1, 1), where n1.0 is worst: the bound over it is tighter than over the chip's
    /// domain and still holds the 8 found there; the output names the box.
    @Test func domainNarrowsTheBoundAndIsNamed() {
        let envelope = temporaryFile("near-corner.csv", "x1,x2\n0.9,0.9\n1,0.95\n0.95,1\n")
        let whole = json(neurofail("erf", hand, "--crashed", "n1.0", "--json"))
        let narrow = json(neurofail("erf", hand, "--crashed", "n1.0", "--domain", envelope, "--json"))
        #expect(narrow["domain"] as? String == "envelope of \(envelope)")
        let (a, b) = (whole["certifiedBound"] as? Double ?? 0, narrow["certifiedBound"] as? Double ?? 0)
        #expect(b >= 8 && b < a, "\(b) over the envelope, \(a) over the domain")
        #expect(narrow["foundDeviation"] as? Double == 8)
        let wide = temporaryFile("wide.json", #"{"format": "neurofail.domain/1", "lower": 0, "upper": 2}"#)
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0", "--domain", wide), "\(wide): lower/upper: the box must lie inside the chip's input domain")
    }

    /// In L¹ the hand chip's single output gives the same numbers; a bad norm is refused.
    @Test func normChoosesTheNormOfEveryNumber() {
        let j = json(neurofail("erf", hand, "--crashed", "n1.0", "--norm", "l1", "--json"))
        #expect(j["norm"] as? String == "l1" && j["erf"] as? Double == 24 && j["foundDeviation"] as? Double == 8)
        expectBadInput(neurofail("erf", hand, "--crashed", "n1.0", "--norm", "l3"), "--norm: expected linf, l1 or l2, found 'l3'")
    }

    /// A chip whose weights leave Float64's range is refused at load, naming the weights; one whose values stay in
    /// range but whose Erf overflows (five sigmoid layers with weights 1e100: D_1 = 1e100·(2e100)⁴) is refused at
    /// those counts, naming the chip and the layer, exit 2 and nothing written (Docs/theory.md, section 14); at
    /// counts whose Erf is finite the same chip gives its number.
    @Test func overflowIsRefusedAtLoadOrNamedWithItsLayer() {
        let big = temporaryFile("big.json", """
            {"format": "neurofail.chip/1", "inputs": 2, "activation": {"function": "relu", "lipschitz": 1},
             "layers": [{"weights": [[1e308, 1e308]], "bias": [0]}], "readout": {"weights": [[1]], "bias": [0]}}
            """)
        expectBadInput(neurofail("erf", big, "--failures", "1"), "\(big): layers[0].weights: neuron 0 of layer 1 can reach beyond")
        let layer = #"{"weights": [[1e100, 1e100], [1e100, 1e100]], "bias": [0, 0]}"#
        let chip = temporaryFile("overflowing.json", """
            {"format": "neurofail.chip/1", "inputs": 2, "activation": {"function": "sigmoid", "lipschitz": 1},
             "layers": [\(Array(repeating: layer, count: 5).joined(separator: ", "))],
             "readout": {"weights": [[1e100, 1e100]], "bias": [0]}}
            """)
        let out = chip + ".out.json"
        for args in [["--failures", "1,0,0,0,0"], ["--crashed", "n1.0"], ["--failures", "1,0,0,0,0", "--json"]] {
            expectBadInput(
                neurofail(["erf", chip, "--out", out] + args),
                "\(chip): layers[0]: Erf overflows Float64 (> 1.8e308) from layer 1 at these crashes, so it bounds nothing; scale the weights down or crash fewer neurons")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let late = json(neurofail("erf", chip, "--failures", "0,0,1,0,0", "--json"))
        #expect(abs((late["erf"] as? Double ?? 0) / 4e300 - 1) < 1e-9, "C_3·D_3 = 1e100·(2e100)²")
        #expect(late["erfOverflow"] == nil, "no overflow flag: an Erf printed is a number")
    }
}

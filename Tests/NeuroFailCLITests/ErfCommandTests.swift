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
}

import Foundation
import Testing

@testable import NeuroFailCLI

/// Every kind of bad input the issue lists: one clear line on stderr naming the file and the field, exit status 2,
/// and no output file left behind.
struct BadInputTests {
    private static let good = """
        {"format": "neurofail.chip/1", "name": "t", "inputs": 2,
         "activation": {"function": "relu", "lipschitz": 1},
         "layers": [{"weights": [[1, 2], [3, 4], [5, 6]], "bias": [0, 0, 0]}],
         "readout": {"weights": [[1, 1, 1]], "bias": [0]}}
        """

    static let chipCases: [(String, String, String)] = [
        ("truncated JSON", String(good.prefix(60)), "malformed JSON (truncated?)"),
        ("malformed JSON", good.replacingOccurrences(of: "\"inputs\": 2,", with: "\"inputs\": 2,,"), "line 1, column 57: malformed JSON"),
        ("wrong row length", good.replacingOccurrences(of: "[3, 4]", with: "[3, 4, 5]"), "layers[0].weights: row 1 has 3 numbers, expected 2"),
        ("wrong bias length", good.replacingOccurrences(of: "\"bias\": [0, 0, 0]", with: "\"bias\": [0]"), "layers[0].bias: has 1 numbers, expected 3"),
        ("readout shape", good.replacingOccurrences(of: "[[1, 1, 1]]", with: "[[1, 1]]"), "readout.weights: row 0 has 2 numbers, expected 3"),
        ("infinite weight", good.replacingOccurrences(of: "[5, 6]", with: "[5, 1e400]"), "layers[0].weights: row 2, column 1 is not finite"),
        ("NaN as text", good.replacingOccurrences(of: "[5, 6]", with: "[5, \"NaN\"]"), "row 2, column 1 is a string, expected a number"),
        ("unknown activation", good.replacingOccurrences(of: "\"relu\"", with: "\"swish\""), "activation.function: unknown activation \"swish\""),
        ("K = 0", good.replacingOccurrences(of: "\"lipschitz\": 1", with: "\"lipschitz\": 0"), "activation.lipschitz: must be > 0, found 0"),
        ("K < 0", good.replacingOccurrences(of: "\"lipschitz\": 1", with: "\"lipschitz\": -0.5"), "activation.lipschitz: must be > 0, found -0.5"),
        ("empty layer list", good.replacingOccurrences(of: "[{\"weights\": [[1, 2], [3, 4], [5, 6]], \"bias\": [0, 0, 0]}]", with: "[]"), "layers: needs at least one hidden layer"),
        ("reversed domain", good.replacingOccurrences(of: "\"inputs\": 2,", with: "\"inputs\": 2, \"inputDomain\": {\"lower\": 1, \"upper\": -1},"), "inputDomain: lower (1) must be < upper (-1)"),
        ("unknown format", good.replacingOccurrences(of: "chip/1", with: "chip/2"), "format: unknown format \"neurofail.chip/2\""),
        ("missing readout", good.replacingOccurrences(of: ",\n \"readout\": {\"weights\": [[1, 1, 1]], \"bias\": [0]}", with: ""), "readout: missing"),
    ]

    @Test(arguments: chipCases)
    func badChipFileIsOneLineNamingFileAndField(name: String, text: String, message: String) {
        #expect(text != Self.good, "case \(name) must change the chip")
        let path = temporaryFile("chip.json", text)
        for command in [["erf", path, "--failures", "1"], ["inspect", path], ["tolerance", path, "--budget", "1"]] {
            let r = neurofail(command)
            expectBadInput(r, "\(path): ")
            #expect(r.err.contains(message), "\(name): \(r.err)")
        }
    }

    @Test func missingFileAndDirectoryAreNamed() {
        expectBadInput(neurofail("inspect", "/nonexistent/chip.json"), "/nonexistent/chip.json: no such file")
        let dir = temporaryFolder()
        expectBadInput(neurofail("inspect", dir), "\(dir): is a directory, expected a file")
    }

    @Test func inputRowsOfTheWrongWidthOrWithTextNameTheLine() {
        let chip = repo("Chips/hand-2-2-1.json")
        let wide = temporaryFile("x.csv", "0,1\n0.5,0.5,0.5\n")
        expectBadInput(neurofail("omega", chip, "--failures", "1,0", "--inputs", wide), "\(wide): line 2: has 3 numbers, expected 2")
        let text = temporaryFile("x.csv", "0,1\n0.5,abc\n")
        expectBadInput(neurofail("omega", chip, "--failures", "1,0", "--inputs", text), "\(text): line 2, column 2: \"abc\" is not a number")
    }

    @Test func badNumbersInOptionsAreNamed() {
        let chip = repo("Chips/hand-2-2-1.json")
        expectBadInput(neurofail("tolerance", chip, "--budget", "-1"), "--budget: must be > 0")
        expectBadInput(neurofail("tolerance", chip, "--budget", "abc"), "--budget: expected a finite number")
        expectBadInput(neurofail("omega", chip, "--failures", "1,0", "--random-inputs", "0"), "--random-inputs: must be between 1")
        expectBadInput(neurofail("omega", chip, "--failures", "1,0", "--random-inputs", "10", "--norm", "l3"), "--norm: expected linf, l1 or l2")
        expectBadInput(neurofail("generate", "--activation", "swish"), "--activation: expected one of relu, sigmoid, tanh, leaky-relu, hard-sigmoid, clip, found 'swish'")
        expectBadInput(neurofail("generate", "--activation", "relu", "--alpha", "0.1"), "--alpha: applies to --activation leaky-relu only")
        expectBadInput(neurofail("generate", "--activation", "leaky-relu", "--alpha", "1"), "--alpha: must be >= 0 and < 1")
        expectBadInput(neurofail("generate", "--activation", "clip", "--clip", "2,1"), "--clip: expected lo,hi with finite lo < hi")
        expectBadInput(neurofail("generate", "--lipschitz", "0"), "--lipschitz: must be > 0")
    }

    /// Issue 10's list, through `mission`: a weight the storage cannot hold, a scrub period ≤ 0, a recovery delay
    /// < 0, a probability outside [0, 1], more spares than a layer addresses, a trace naming a bit that does not
    /// exist. Each: one line naming the file and the field, exit 2, no report folder.
    @Test(arguments: [
        (#""weightStorage": {"format": "int8", "scales": [0.001, 1]}"#, "", "weightStorage: weight 0 of matrix 1 (1) does not fit int8"),
        (#""recovery": {"scrubPeriodDays": 0}"#, "", "recovery.scrubPeriodDays: the scrub period must be > 0 days, found 0"),
        (#""recovery": {"powerCycleHours": -2}"#, "", "recovery.powerCycleHours: a recovery delay must be >= 0 hours, found -2"),
        (#""recovery": {"spares": {"perLayer": [4], "delayDays": 1}}"#, "", "recovery.spares.perLayer: 4 spares for hidden layer 1, which addresses 3 neurons: at most 3"),
        ("", #"{"model": "core-latchup", "rate": 1, "permanentDamage": 2}"#, "failures[0].permanentDamage: a probability must be in [0, 1], found 2"),
        (#""weightStorage": "int8""#, #"{"model": "trace", "file": "t.csv"}"#, "t.csv: line 2, value: bit 9 does not exist: int8 weights have bits 0...7"),
        // Issue 13: a cross-section larger than the declared area, a negative flux, an event flux below the quiet one.
        (#""areaCm2": {"neuron": 4.6e-6}"#, #"{"model": "radiation-latchup", "flux": 6.4e-4, "crossSection": 0.02}"#,
            "failures[0].crossSection: 0.02 cm² exceeds the declared area of a neuron (areaCm2.neuron = 4.6e-06 cm²)"),
        (#""environment": {"orbit": "ISS", "shielding": "100 mil Al", "letThreshold": 43, "gcr": {"fluxAtMinimum": -1, "fluxAtMaximum": 0}}"#,
            #"{"model": "radiation-latchup", "crossSection": 1e-6}"#, "environment.gcr.fluxAtMinimum: must be >= 0, found -1"),
        (#""environment": {"orbit": "ISS", "shielding": "100 mil Al", "letThreshold": 43, "gcr": {"fluxAtMinimum": 2e-5, "fluxAtMaximum": 1e-5}, "spe": {"flux": 1e-5, "durationDays": 2, "ratePerYearAtMinimum": 0, "ratePerYearAtMaximum": 5.6}}"#,
            #"{"model": "radiation-latchup", "crossSection": 1e-6}"#, "environment.spe.flux: must be >= gcr.fluxAtMinimum (2e-05)"),
    ])
    func badFaultKindInputIsOneLineNamingFileAndField(extra: String, model: String, message: String) {
        let dir = temporaryFolder()
        _ = temporaryFile("c.json", Self.good, in: dir)
        _ = temporaryFile("t.csv", "time_years,component,kind,value\n1,s1.0.1,seu,9\n", in: dir)
        let scenario = temporaryFile("s.json", """
            {"format": "neurofail.scenario/1", "chip": "c.json", "durationYears": 2, "checkpointYears": 1,
             "workload": {"random": 4, "seed": 1}, "budget": 1, "seed": 1, "failures": [\(model)]\(extra.isEmpty ? "" : ", " + extra)}
            """, in: dir)
        let out = dir + "/report"
        let r = neurofail("mission", scenario, "--out", out)
        expectBadInput(r, dir + "/")
        #expect(r.err.contains(message), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Transient upsets, through `mission`: a bad rate or component kind in the model, and a trace whose upset names
    /// an input the workload does not have or a core. Each: one line naming the file and the field, exit 2, no report.
    @Test(arguments: [
        (#"{"model": "transient-upset", "rate": -1}"#, "", "failures[0].rate: must be >= 0, found -1"),
        (#"{"model": "transient-upset", "rate": 1, "components": "cores"}"#, "", "failures[0].components: unknown components \"cores\""),
        (#"{"model": "transient-upset", "rate": 1, "value": 3}"#, "", "failures[0].value: unknown field"),
        (#"{"model": "trace", "file": "t.csv"}"#, "1,n1.0,transient,4\n", "t.csv: line 2, value: input 4 does not exist: a transient's value is a workload input, an integer 0...3 (the workload has 4 inputs)"),
        (#"{"model": "trace", "file": "t.csv"}"#, "1,n1.0,transient,0.5\n", "t.csv: line 2, value: input 0.5 does not exist"),
        (#"{"model": "trace", "file": "t.csv"}"#, "1,core0,transient,0\n", "t.csv: line 2, kind: \"transient\" upsets a neuron's or a synapse's message, found core0"),
    ])
    func badTransientUpsetInputIsOneLineNamingFileAndField(model: String, traceRow: String, message: String) {
        let dir = temporaryFolder()
        _ = temporaryFile("c.json", Self.good, in: dir)
        _ = temporaryFile("t.csv", "time_years,component,kind,value\n" + traceRow, in: dir)
        let scenario = temporaryFile("s.json", """
            {"format": "neurofail.scenario/1", "chip": "c.json", "durationYears": 2, "checkpointYears": 1,
             "workload": {"random": 4, "seed": 1}, "budget": 1, "seed": 1, "failures": [\(model)]}
            """, in: dir)
        let out = dir + "/report"
        let r = neurofail("mission", scenario, "--out", out)
        expectBadInput(r, dir + "/")
        #expect(r.err.contains(message), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func failedCommandLeavesNoOutputFile() {
        let out = temporaryFolder() + "/result.json"
        let bad = temporaryFile("chip.json", "{\"format\": ")
        _ = neurofail("erf", bad, "--failures", "1", "--out", out)
        #expect(!FileManager.default.fileExists(atPath: out))
        let outDir = temporaryFolder() + "/mission"
        _ = neurofail("mission", temporaryFile("s.json", "{}"), "--out", outDir)
        #expect(!FileManager.default.fileExists(atPath: outDir))
    }
}

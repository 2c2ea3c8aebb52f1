import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

struct MissionCommandTests {
    /// A small scenario beside a small chip, in a fresh folder.
    private func scenario(runs: Int = 3) throws -> String {
        let dir = temporaryFolder()
        let chip = Chip.random(
            inputs: 3, widths: [6, 5], outputs: 2, activation: .init(.relu, lipschitz: 1), mean: 0, std: 0.6, seed: 9)
        try AtomicFile.write(chip.json.rendered(), to: dir + "/chip.json")
        let text = """
            {"format": "neurofail.scenario/1", "chip": "chip.json", "durationYears": 4, "checkpointYears": 1,
             "workload": {"random": 32, "seed": 1}, "budget": 0.3, "seed": 5, "runs": \(runs),
             "failures": [{"model": "radiation-latchup", "components": "neurons", "rate": 0.2},
                          {"model": "radiation-latchup", "components": "synapses", "rate": 0.02}]}
            """
        try AtomicFile.write(text, to: dir + "/s.json")
        return dir + "/s.json"
    }

    @Test func missionWritesEveryFileAndASummaryWithTheRequiredKeys() throws {
        let out = temporaryFolder() + "/m"
        let r = neurofail("mission", try scenario(), "--out", out)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Checks: Omega_max > Erf (must never happen): 0 rows"))
        for file in ["timeline.csv", "trace.csv", "summary.json", "timeline.svg", "runs.csv", "reliability.csv", "reliability.svg", "bands.csv", "bands.svg"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any]
        for key in ["boundViolations", "estimatorMisses", "predictedBudgetExceededAt", "observedBudgetExceededAt"] {
            #expect(summary?[key] != nil, "\(key)")
        }
        #expect(summary?["boundViolations"] as? Int == 0)
    }

    /// A scenario beside a sparse chip (4 inputs, sparse ReLU layers of 16 neurons with fan-in 3 and 12 with fan-in
    /// 5, a dense readout of 3) stored as int8, with upsets scrubbed monthly, wear-out, synapse latch-ups and core
    /// latch-ups on cores of 4 neurons.
    private func sparseScenario(runs: Int) throws -> String {
        let dir = temporaryFolder()
        var rng = Xoshiro256(seed: 77)
        func sparse(inputs: Int, outputs: Int, fanIn: Int) -> Layer {
            let lists = (0..<outputs).map { _ in
                var chosen = Set<Int>()
                while chosen.count < fanIn { chosen.insert(rng.nextIndex(inputs)) }
                return chosen.sorted()
            }
            let c = SparseConnectivity(inputs: inputs, fanIn: lists)
            return Layer(
                sparse: c, weights: (0..<c.synapseCount).map { _ in rng.nextNormal(mean: 0, std: 0.6) },
                bias: (0..<outputs).map { _ in rng.nextNormal(mean: 0.1, std: 0.2) },
                activation: .init(.relu, lipschitz: 1))
        }
        let hidden = [sparse(inputs: 4, outputs: 16, fanIn: 3), sparse(inputs: 16, outputs: 12, fanIn: 5)]
        let readout = Layer(
            inputs: 12, outputs: 3, weights: (0..<36).map { _ in rng.nextNormal(mean: 0, std: 0.6) },
            bias: [0, 0.1, -0.1], activation: nil)
        let chip = Chip(name: "sparse-mission", inputDomain: .unit, hidden: hidden, readout: readout)
        try AtomicFile.write(chip.json.rendered(), to: dir + "/chip.json")
        let text = """
            {"format": "neurofail.scenario/1", "chip": "chip.json", "durationYears": 5, "checkpointYears": 1,
             "workload": {"random": 40, "seed": 3}, "budget": 0.3, "seed": 11, "runs": \(runs),
             "weightStorage": "int8", "cores": {"neuronsPerCore": 4}, "recovery": {"scrubPeriodDays": 30},
             "failures": [{"model": "seu", "rate": 0.003},
                          {"model": "weibull-wearout", "components": "neurons", "shape": 2, "scaleYears": 20},
                          {"model": "radiation-latchup", "components": "synapses", "rate": 0.01},
                          {"model": "core-latchup", "rate": 0.2}]}
            """
        try AtomicFile.write(text, to: dir + "/s.json")
        return dir + "/s.json"
    }

    @Test func aSparseChipFliesUpsetsScrubsWearOutAndCoreLatchupsReproduciblyAndReplays() throws {
        let s = try sparseScenario(runs: 4)
        let out = temporaryFolder()
        let files = ["timeline.csv", "trace.csv", "summary.json", "runs.csv", "reliability.csv", "bands.csv"]
        func bytes(_ folder: String, _ file: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: out + "/" + folder + "/" + file))
        }
        for (folder, threads) in [("a", "1"), ("b", "1"), ("c", "2")] {
            // No worst-input search: the sparse engine path is what is tested, and the search dominates a debug run.
            let r = neurofail("mission", s, "--out", out + "/" + folder, "--threads", threads, "--search", "none")
            #expect(r.status == 0, "\(r.err)")
        }
        for file in files {
            #expect(try bytes("a", file) == bytes("b", file), "\(file): run twice")
            #expect(try bytes("a", file) == bytes("c", file), "\(file): 1 and 2 threads")
        }
        let trace = String(decoding: try bytes("a", "trace.csv"), as: UTF8.self)
        for kind in [",seu,", ",wearout", ",core-latchup"] { #expect(trace.contains(kind), "trace has \(kind): \(trace)") }
        #expect(String(decoding: try bytes("a", "timeline.csv"), as: UTF8.self).contains("scrub"))
        let r = neurofail(
            "replay", out + "/a/trace.csv", "--scenario", s, "--out", out + "/r", "--search", "none")
        #expect(r.status == 0, "\(r.err)")
        #expect(try bytes("a", "timeline.csv") == bytes("r", "timeline.csv"))
    }

    @Test func replayOfTheRecordedTraceReproducesTheTimelineByteForByte() throws {
        let s = try scenario()
        let out = temporaryFolder()
        #expect(neurofail("mission", s, "--out", out + "/m").status == 0)
        let r = neurofail("replay", out + "/m/trace.csv", "--scenario", s, "--out", out + "/r")
        #expect(r.status == 0, "\(r.err)")
        let a = try Data(contentsOf: URL(fileURLWithPath: out + "/m/timeline.csv"))
        let b = try Data(contentsOf: URL(fileURLWithPath: out + "/r/timeline.csv"))
        #expect(a == b)
        #expect(a.count > 200)
    }

    @Test func outputsAreTheSameBytesWhateverTheThreadCount() throws {
        let s = try scenario(runs: 5)
        let out = temporaryFolder()
        #expect(neurofail("mission", s, "--out", out + "/one", "--threads", "1").status == 0)
        #expect(neurofail("mission", s, "--out", out + "/two", "--threads", "2").status == 0)
        for file in ["timeline.csv", "trace.csv", "summary.json", "runs.csv", "reliability.csv", "bands.csv", "reliability.svg", "bands.svg"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: out + "/one/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: out + "/two/" + file))
            #expect(a == b, "\(file)")
        }
    }

    @Test func seedOptionChangesTheFailures() throws {
        let s = try scenario(runs: 1)
        let out = temporaryFolder()
        #expect(neurofail("mission", s, "--out", out + "/a", "--seed", "1").status == 0)
        #expect(neurofail("mission", s, "--out", out + "/b", "--seed", "2").status == 0)
        let a = try String(contentsOfFile: out + "/a/trace.csv", encoding: .utf8)
        let b = try String(contentsOfFile: out + "/b/trace.csv", encoding: .utf8)
        #expect(a != b)
    }

    @Test func badScenarioIsOneLineAndWritesNothing() throws {
        let dir = temporaryFolder()
        let path = dir + "/bad.json"
        try AtomicFile.write(#"{"format": "neurofail.scenario/1", "chip": "missing.json", "durationYears": 1, "checkpointYears": 0.5, "workload": {"random": 4, "seed": 1}, "budget": 1, "seed": 1, "failures": []}"#, to: path)
        let out = dir + "/out"
        let r = neurofail("mission", path, "--out", out)
        expectBadInput(r, path)
        #expect(r.err.contains("chip"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func traceWithAnUnknownComponentIsRejected() throws {
        let s = try scenario()
        let trace = temporaryFile("t.csv", "time_years,component,kind\n0.5,n9.0,latchup\n")
        let out = temporaryFolder() + "/r"
        let r = neurofail("replay", trace, "--scenario", s, "--out", out)
        expectBadInput(r, trace)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func badEngineConfidenceAndReliabilityAreRejectedBeforeAnythingIsWritten() throws {
        let s = try scenario()
        let out = temporaryFolder() + "/m"
        expectBadInput(neurofail("mission", s, "--engine", "gpu", "--out", out), "--engine: expected fast or reference")
        expectBadInput(neurofail("mission", s, "--confidence", "1", "--out", out), "--confidence: must be between 0 and 1 (exclusive), found 1")
        expectBadInput(neurofail("mission", s, "--confidence", "0", "--out", out), "--confidence: must be between 0 and 1")
        expectBadInput(neurofail("mission", s, "--reliability", "1.5", "--out", out), "--reliability: must be between 0 and 1 (exclusive), found 1.5")
        expectBadInput(neurofail("mission", s, "--reliability", "-0.1", "--out", out), "--reliability: must be between 0 and 1")
        expectBadInput(neurofail("mission", s, "--reliability", "nan", "--out", out), "--reliability: expected a finite number")
        #expect(!FileManager.default.fileExists(atPath: out))
        // mission-merge checks the same flags before reading its parts.
        let part = temporaryFolder() + "/part.json"
        #expect(neurofail("mission", s, "--shard", "1/1", "--out", part).status == 0)
        expectBadInput(neurofail("mission-merge", s, part, "--confidence", "1", "--out", out), "--confidence: must be between 0 and 1")
        expectBadInput(neurofail("mission-merge", s, part, "--reliability", "0", "--out", out), "--reliability: must be between 0 and 1")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// Two runs support no B1 statement at 95 %: the summary says so and how many runs would (1 − 0.99^n ≥ 0.95
    /// first at n = 299), for the life and for the spares, in text and in summary.json.
    @Test func tooFewRunsSayTheLifeIsNotSupportedAndHowManyRunsAreNeeded() throws {
        let out = temporaryFolder() + "/m"
        let r = neurofail("mission", try scenario(), "--runs", "2", "--out", out)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("B1 life at 95% confidence: not supported by 2 runs (needs >= 299)"))
        #expect(r.out.contains("spare neurons per layer for 99% of missions at 95% confidence: not supported by 2 runs (needs >= 299)"))
        #expect(!r.out.lowercased().contains("lifetime"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any]
        let mc = summary?["monteCarlo"] as? [String: Any]
        #expect(mc?["reliability"] as? Double == 0.99 && mc?["confidence"] as? Double == 0.95)
        let observed = (mc?["lives"] as? [String: Any])?["observed"] as? [String: Any]
        #expect(observed?["supported"] as? Bool == false)
        #expect(observed?["runsNeeded"] as? Int == 299)
        #expect(observed?["years"] is NSNull)
        let spares = mc?["spares"] as? [String: Any]
        #expect(spares?["supported"] as? Bool == false && spares?["perLayer"] is NSNull)
        #expect((spares?["scheme"] as? String)?.contains("cold spares") == true)
        let text = try String(contentsOfFile: out + "/summary.json", encoding: .utf8)
        #expect(!text.contains("Lifetime") && !text.contains("spareCoverage"))
    }

    /// At p = c = 0.5, n = 4 runs give r = 2 (P(Bin(4, 1/2) ≥ 2) = 11/16 ≥ 1/2 > P(≥ 3) = 5/16): the life in
    /// summary.json is the second smallest of the per-run exceedance times in runs.csv.
    @Test func aSupportedLifeIsTheOrderStatisticOfTheRunsExceedanceTimes() throws {
        let out = temporaryFolder() + "/m"
        let r = neurofail("mission", try scenario(), "--runs", "4", "--reliability", "0.5", "--confidence", "0.5", "--out", out, "--json")
        #expect(r.status == 0, "\(r.err)")
        let mc = json(r)["monteCarlo"] as? [String: Any]
        #expect(mc?["lifeName"] as? String == "B50")
        let life = (mc?["lives"] as? [String: Any])?["observed"] as? [String: Any]
        let rank = try #require(life?["rank"] as? Int)
        #expect(rank == 2)
        let csv = try String(contentsOfFile: out + "/runs.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(csv[0].firstIndex(of: "observed_budget_exceeded_at"))
        let times = csv.dropFirst().compactMap { Double($0[column]) }.sorted()
        if rank <= times.count {
            #expect(life?["years"] as? Double == times[rank - 1])
        } else {
            #expect(life?["atLeastWholeMission"] as? Bool == true)
        }
    }

    /// A rerun with fewer runs replaces the folder: the first run's runs.csv, reliability and band files are gone.
    @Test func aRerunIntoTheSameFolderLeavesNoStaleFiles() throws {
        let s = try scenario()
        let out = temporaryFolder() + "/m"
        #expect(neurofail("mission", s, "--out", out).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/runs.csv"))
        let r = neurofail("mission", s, "--runs", "1", "--out", out)
        #expect(r.status == 0, "\(r.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["summary.json", "task.svg", "timeline.csv", "timeline.svg", "trace.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent) == ["m"])
    }

    /// --out naming a symbolic link or a regular file is refused at once: one line, exit 2, nothing written.
    @Test func anOutPathThatIsNotAFolderIsRefused() throws {
        let s = try scenario()
        let dir = temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/real")
        expectBadInput(neurofail("mission", s, "--out", dir + "/link"), "\(dir)/link: exists and is a symbolic link, not a folder")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/real").isEmpty)
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        expectBadInput(neurofail("mission", s, "--out", dir + "/file"), "\(dir)/file: exists and is a regular file, not a folder")
        #expect(try String(contentsOfFile: dir + "/file", encoding: .utf8) == "x")
        try "mine".write(toFile: dir + "/real/notes.txt", atomically: true, encoding: .utf8)
        expectBadInput(neurofail("mission", s, "--out", dir + "/real"), "holds 'notes.txt'")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["file", "link", "real"])
        let trace = temporaryFile("trace.csv", "time_years,component,kind\n")
        expectBadInput(neurofail("replay", trace, "--scenario", s, "--out", dir + "/link"), "symbolic link")
        expectBadInput(neurofail("mission", s, "--out", dir + "/link", "--threads", "1", "--json"), "symbolic link")
    }

    /// The small scenario with a workload file `rows` (3 inputs per row) instead of random inputs.
    private func scenario(workload rows: String, extra: String = "") throws -> String {
        let s = try scenario(runs: 1)
        let dir = (s as NSString).deletingLastPathComponent
        try AtomicFile.write(rows, to: dir + "/w.csv")
        let text = try String(contentsOfFile: s, encoding: .utf8)
            .replacingOccurrences(of: #""workload": {"random": 32, "seed": 1}"#, with: #""workload": {"inputs": "w.csv"}"# + extra)
        try AtomicFile.write(text, to: s)
        return s
    }

    /// Raw pixels outside the chip's [0, 1]: one line naming the file, the row, the column and the value, exit 2,
    /// nothing written; with --clip the mission flies and the summary counts the inputs moved into the box.
    @Test func anOutOfDomainWorkloadIsRefusedOrClippedAndCounted() throws {
        let s = try scenario(workload: "0.1,0.2,0.3\n0.4,16,0.6\n0.5,0.5,-3\n0.7,0.8,0.9\n")
        let w = (s as NSString).deletingLastPathComponent + "/w.csv"
        let out = temporaryFolder() + "/m"
        expectBadInput(
            neurofail("mission", s, "--out", out),
            "\(w): row 2, column 2: 16 is outside [0, 1], the input domain (chip domain [0, 1]^3) (set \"clip\": true in the scenario or give --clip to clip inputs into it)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let r = neurofail("mission", s, "--out", out, "--clip", "--search", "none")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("; 2 inputs clipped into the box; box: chip domain [0, 1]^3"), "\(r.out)")
        #expect(!r.out.contains("this is a bug"))
        let clean = neurofail("mission", try scenario(workload: "0.1,0.2,0.3\n"), "--out", temporaryFolder() + "/c", "--search", "none")
        #expect(clean.status == 0 && !clean.out.contains("clipped"))
    }

    /// A labelled workload flies an accuracy budget and the summary reports the accuracy at launch; a label that is
    /// no class of the 2-output chip is refused naming the row and the label's column.
    @Test func aLabelledWorkloadReportsAccuracyAndABadLabelIsRefused() throws {
        let budget = #", "budget": {"kind": "accuracyDrop", "limit": 0.5}"#
        let good = try scenario(workload: "0.1,0.2,0.3,1\n0.4,0.5,0.6,0\n", extra: "")
        let text = try String(contentsOfFile: good, encoding: .utf8)
            .replacingOccurrences(of: #""inputs": "w.csv"}"#, with: #""inputs": "w.csv", "labels": "last"}"#)
            .replacingOccurrences(of: #", "budget": 0.3"#, with: budget)
        try AtomicFile.write(text, to: good)
        let r = neurofail("mission", good, "--out", temporaryFolder() + "/m", "--search", "none")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("budget: accuracy drop <= 50%") && r.out.contains("2 labelled inputs from") && r.out.contains("accuracy at launch"))
        try AtomicFile.write("0.1,0.2,0.3,1\n0.4,0.5,0.6,2\n", to: (good as NSString).deletingLastPathComponent + "/w.csv")
        expectBadInput(neurofail("mission", good, "--out", temporaryFolder() + "/m"), "w.csv: row 2, column 4: label 2 is not a class of the chip (an integer 0...1)")
    }

    /// The readable summary opens with the verdict; two runs support none and it says how many would (299).
    @Test func twoRunsPrintTheCannotBeStatedVerdict() throws {
        let r = neurofail("mission", try scenario(), "--runs", "2", "--out", temporaryFolder() + "/m", "--search", "none")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Verdict: No B1 verdict at 95% confidence: it cannot be stated from 2 runs (needs >= 299). Fly more runs (--runs).\n"))
        #expect(r.out.contains("  within budget for the whole mission: observed "))
        let one = neurofail("mission", try scenario(), "--runs", "1", "--out", temporaryFolder() + "/m", "--search", "none")
        #expect(!one.out.contains("Verdict:"), "one run is no Monte Carlo: no verdict line")
    }

    @Test func searchAndTightOptionsAreCheckedAndChangeWhatRunZeroRecords() throws {
        let s = try scenario(runs: 1)
        let out = temporaryFolder()
        expectBadInput(neurofail("mission", s, "--search", "bogus", "--out", out + "/b"), "--search: expected failures, final, all or none, found 'bogus'")
        expectBadInput(neurofail("mission", s, "--search-starts", "-1", "--out", out + "/b"), "--search-starts")
        #expect(!FileManager.default.fileExists(atPath: out + "/b"))
        func foundColumn(_ args: [String]) throws -> [String] {
            let r = neurofail(["mission", s, "--out", out + "/m"] + args)
            #expect(r.status == 0, "\(r.err)")
            let lines = try String(contentsOfFile: out + "/m/timeline.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let column = try #require(lines[0].firstIndex(of: "found_deviation"))
            return lines.dropFirst().map { $0[column] }
        }
        let none = try foundColumn(["--search", "none"])
        #expect(none.allSatisfy { $0.isEmpty })
        let final = try foundColumn(["--search", "final", "--search-starts", "2"])
        #expect(final.dropLast().allSatisfy { $0.isEmpty } && !(final.last ?? "").isEmpty)
        let failures = try foundColumn(["--search-starts", "2", "--tight"])
        #expect(failures.contains { !$0.isEmpty })
    }

    /// The bundled convolutional chip flies the default mission (Scenarios/leo-10y-cnn.json, its committed workload
    /// unless data/ has been fetched) with 3 runs, one search at the end (debug builds are slow), and the report keeps
    /// every invariant of the theory on every row of run 0: measured Ω_max ≤ found deviation (the search starts from
    /// the workload's worst input) ≤ certified bound (its rounding allowance aside) ≤ Erf; and per run, Erf gives up
    /// no later than the fault-set bound, which gives up no later than the measured accuracy.
    @Test func theCNNChipFliesTheDefaultScenarioWithinItsBounds() throws {
        let out = temporaryFolder() + "/cnn"
        let r = neurofail(
            "mission", repo("Scenarios/leo-10y-cnn.json"), "--runs", "3", "--search", "final", "--search-starts", "2",
            "--out", out)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("satellite-cnn: 196 inputs → conv 4x7x7-conv 8x4x4-32 (relu K=1) → 10 outputs"), "\(r.out)")
        #expect(r.out.contains("Checks: Omega_max > Erf (must never happen): 0 rows; above the fault-set bound (must never happen): 0 rows"))
        for file in ["timeline.csv", "trace.csv", "summary.json", "timeline.svg", "task.svg", "runs.csv", "reliability.csv", "bands.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        func table(_ name: String) throws -> [[String: String]] {
            let lines = try String(contentsOfFile: out + "/" + name, encoding: .utf8).split(separator: "\n")
                .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
        }
        let rows = try table("timeline.csv")
        #expect(rows.count > 40, "41 checkpoints and the failures")
        var searched = 0
        for (n, row) in rows.enumerated() {
            let omega = try #require(row["omega_max"].flatMap(Double.init)), erf = try #require(row["erf"].flatMap(Double.init))
            let certified = try #require(row["certified_bound"].flatMap(Double.init))
            #expect(omega <= certified * (1 + 1e-9) + 1e-9, "row \(n + 1): Omega_max \(omega) > certified \(certified)")
            #expect(certified <= erf * (1 + 1e-9), "row \(n + 1): certified \(certified) > Erf \(erf)")
            if let found = row["found_deviation"].flatMap(Double.init) {
                searched += 1
                #expect(omega <= found * (1 + 1e-12), "row \(n + 1): the search starts from the workload's worst input")
                #expect(found <= certified * (1 + 1e-9) + 1e-9, "row \(n + 1): found \(found) > certified \(certified)")
            }
        }
        #expect(searched == 1, "--search final searches the last row only")
        let last = try #require(rows.last)
        #expect(Double(last["certified_bound"] ?? "") ?? 0 > 0, "run 0 loses neurons in 10 years")
        let runs = try table("runs.csv")
        #expect(runs.count == 3)
        for run in runs {
            #expect(run["bound_violations"] == "0")
            // An empty time means the budget held for the whole mission (later than any time).
            func time(_ key: String) -> Double { run[key].flatMap(Double.init) ?? .infinity }
            #expect(time("predicted_budget_exceeded_at") <= time("certified_budget_exceeded_at"), "run \(run["run"] ?? "")")
            #expect(time("certified_budget_exceeded_at") <= time("observed_budget_exceeded_at"), "run \(run["run"] ?? "")")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any]
        #expect(summary?["chip"] as? String == "satellite-cnn")
        #expect(summary?["boundViolations"] as? Int == 0 && summary?["certifiedViolations"] as? Int == 0)
    }
}

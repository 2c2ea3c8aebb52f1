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
        for file in ["timeline.csv", "trace.csv", "summary.json", "timeline.svg", "runs.csv", "reliability.csv", "reliability.svg"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any]
        for key in ["boundViolations", "estimatorMisses", "predictedBudgetExceededAt", "observedBudgetExceededAt"] {
            #expect(summary?[key] != nil, "\(key)")
        }
        #expect(summary?["boundViolations"] as? Int == 0)
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
        for file in ["timeline.csv", "trace.csv", "summary.json", "runs.csv", "reliability.csv"] {
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

    @Test func badEngineAndConfidenceAreRejected() throws {
        let s = try scenario()
        expectBadInput(neurofail("mission", s, "--engine", "gpu"), "--engine: expected fast or reference")
        expectBadInput(neurofail("mission", s, "--confidence", "1"), "--confidence: must be between 0 and 1")
    }
}

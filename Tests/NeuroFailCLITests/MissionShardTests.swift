import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

/// `mission --shard i/n` + `mission-merge`: the parts of a Monte Carlo mission rebuild the unsharded files exactly.
struct MissionShardTests {
    /// A small scenario (7 runs) beside a small chip, in a fresh folder.
    private func scenario() throws -> String {
        let dir = temporaryFolder()
        let chip = Chip.random(
            inputs: 3, widths: [6, 5], outputs: 2, activation: .init(.relu, lipschitz: 1), mean: 0, std: 0.6, seed: 4)
        try AtomicFile.write(chip.json.rendered(), to: dir + "/chip.json")
        try AtomicFile.write("""
            {"format": "neurofail.scenario/1", "chip": "chip.json", "durationYears": 4, "checkpointYears": 1,
             "workload": {"random": 24, "seed": 1}, "budget": 0.3, "seed": 8, "runs": 7,
             "failures": [{"model": "radiation-latchup", "components": "neurons", "rate": 0.3},
                          {"model": "radiation-latchup", "components": "synapses", "rate": 0.03}]}
            """, to: dir + "/s.json")
        return dir + "/s.json"
    }

    private func files(_ dir: String) throws -> [String: String] {
        var out = [String: String]()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
        }
        return out
    }

    @Test func missionShardsMergeToTheUnshardedFiles() throws {
        let s = try scenario()
        let out = temporaryFolder()
        let whole = neurofail("mission", s, "--out", out + "/whole", "--json", "--threads", "2")
        #expect(whole.status == 0, "\(whole.err)")
        for count in [1, 3, 7] {
            var parts = [String]()
            for i in 1...count {
                parts.append(out + "/\(count)-part-\(i).json")
                let r = neurofail("mission", s, "--shard", "\(i)/\(count)", "--out", parts.last!, "--threads", "1")
                #expect(r.status == 0, "\(r.err)")
            }
            let merged = neurofail(["mission-merge", s] + parts.reversed() + ["--out", out + "/merged-\(count)", "--json"])
            #expect(merged.status == 0, "\(merged.err)")
            #expect(merged.out == whole.out)
            #expect(try files(out + "/merged-\(count)") == files(out + "/whole"), "\(count) shards")
        }
    }

    @Test func missionMergeRefusesMissingOverlappingAndForeignParts() throws {
        let s = try scenario()
        let out = temporaryFolder()
        let parts = (1...3).map { out + "/part-\($0).json" }
        for (i, part) in parts.enumerated() {
            #expect(neurofail("mission", s, "--shard", "\(i + 1)/3", "--out", part).status == 0)
        }
        expectBadInput(
            neurofail("mission-merge", s, parts[0], parts[2], "--out", out + "/m"),
            "mission-merge: part 2/3 (--shard 2/3) is missing: runs ")
        expectBadInput(neurofail("mission-merge", s, parts[0], parts[1], "--out", out + "/m"), "part 3/3 (--shard 3/3) is missing")
        expectBadInput(neurofail("mission-merge", s, parts[0], parts[1], parts[1], parts[2], "--out", out + "/m"), "overlap")
        let foreign = out + "/seed.json"
        #expect(neurofail("mission", s, "--seed", "9", "--shard", "2/3", "--out", foreign).status == 0)
        expectBadInput(
            neurofail("mission-merge", s, parts[0], foreign, parts[2], "--out", out + "/m"),
            "\(foreign): identity: not a part of this mission (\(s)): flown with seed 9, not ")
        let failure = neurofail("mission-merge", s, parts[0], foreign, parts[2], "--out", out + "/m").err
        #expect(!failure.contains("{"), "no fingerprints dumped: \(failure)")
        #expect(!FileManager.default.fileExists(atPath: out + "/m"))
    }

    /// The effort (bounds and searches) is part of a mission's identity: parts flown with different flags do not
    /// merge, and the message names the flags; parts flown alike merge, and their effort comes back from the text.
    @Test func partsFlownWithAnotherEffortAreRefused() throws {
        let s = try scenario()
        let out = temporaryFolder()
        let flags = ["--search", "none"]
        for i in 1...2 {
            let r = neurofail(["mission", s, "--shard", "\(i)/2", "--out", out + "/a\(i).json"] + flags)
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(neurofail(["mission", s, "--shard", "2/2", "--out", out + "/tight.json", "--tight"] + flags).status == 0)
        expectBadInput(
            neurofail("mission-merge", s, out + "/a1.json", out + "/tight.json", "--out", out + "/m"),
            "\(out)/tight.json: identity: not a part of this mission (\(s)): flown with bounds and searches 'linear-relaxation, search none (32 starts)', not 'difference-intervals, search none (32 starts)' (--tight, --search, --search-starts)")
        #expect(!FileManager.default.fileExists(atPath: out + "/m"))
        let merged = neurofail("mission-merge", s, out + "/a1.json", out + "/a2.json", "--out", out + "/m", "--json")
        #expect(merged.status == 0, "\(merged.err)")
        let whole = neurofail(["mission", s, "--out", out + "/w", "--json"] + flags)
        #expect(merged.out == whole.out)
    }
}

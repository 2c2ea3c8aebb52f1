import Foundation
import NeuroFailEngine
import Testing

@testable import NeuroFailCLI

/// `omega --shard` + `merge`, and `omega --checkpoint` against a real SIGKILL: the commands a cluster job runs.
struct ShardResumeCommandTests {
    static let chip = repo("Chips/paper-relu-4x4.json")

    @Test func shardedOmegaMergesToTheUnshardedOutput() throws {
        let folder = temporaryFolder()
        let base = ["omega", Self.chip, "--failures", "1,1,1,1", "--random-inputs", "200", "--json"]
        let whole = neurofail(base + ["--threads", "2"])
        #expect(whole.status == 0, "\(whole.err)")
        for count in [1, 3] {
            var parts = [String]()
            for i in 1...count {
                parts.append("\(folder)/\(count)-part-\(i).json")
                let r = neurofail(base + ["--shard", "\(i)/\(count)", "--out", parts.last!, "--threads", "1"])
                #expect(r.status == 0, "\(r.err)")
            }
            let merged = neurofail(["merge"] + parts.reversed() + ["--json"])
            #expect(merged.status == 0, "\(merged.err)")
            #expect(merged.out == whole.out)
            let table = neurofail(["merge"] + parts)
            #expect(table.out.contains("256 crash sets (all of them)") && table.out.contains("Erf_av"))
        }
        expectBadInput(
            neurofail(["merge", "\(folder)/3-part-1.json", "\(folder)/3-part-3.json"]),
            "merge: part 2/3 (--shard 2/3) is missing: crash sets \(Shard(index: 2, count: 3).range(of: 256)) are in none of the 2 part files given; give its file too")
        expectBadInput(neurofail(base + ["--shard", "4/3", "--out", "\(folder)/x.json"]), "--shard: expected i/n")
        expectBadInput(neurofail(base + ["--shard", "1/3"]), "--shard: give --out")
    }

    @Test func noStudyDropsOnlyTheWorstCrashSetStudy() throws {
        let base = ["omega", Self.chip, "--failures", "1,0,0,1", "--random-inputs", "50"]
        let full = json(neurofail(base + ["--json"]))
        let lean = json(neurofail(base + ["--json", "--no-study"]))
        #expect(full["worstCrashSetStudy"] != nil)
        #expect(lean["worstCrashSetStudy"] == nil)
        #expect(Set(full.keys).subtracting(lean.keys) == ["worstCrashSetStudy"])
        #expect(lean["omegaMax"] as? Double == full["omegaMax"] as? Double)
        let table = neurofail(base + ["--no-study"])
        #expect(table.status == 0 && table.out.contains("Omega_max") && !table.out.contains("input box"))
        #expect(neurofail(base).out.contains("input box"))
        // merge takes it too.
        let folder = temporaryFolder(), part = folder + "/part.json"
        #expect(neurofail(base + ["--shard", "1/1", "--out", part]).status == 0)
        #expect(json(neurofail(["merge", part, "--json", "--no-study"]))["worstCrashSetStudy"] == nil)
    }

    /// The debug build of the executable, beside the test bundle.
    static var executable: String { repo(".build/debug/neurofail") }

    static func spawn(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, out)
    }

    static func output(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let (process, pipe) = try spawn(arguments, environment: environment)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable), "needs .build/debug/neurofail (swift build)"))
    func aRunKilledWithSigkillResumesToTheUninterruptedResult() throws {
        let folder = temporaryFolder()
        let checkpoint = folder + "/omega.checkpoint"
        let command = ["omega", Self.chip, "--failures", "2,2,2,2", "--random-inputs", "1500", "--json", "--threads", "2"]
        let (status, uninterrupted) = try Self.output(command)
        #expect(status == 0)
        let fast = ["NEUROFAIL_CHECKPOINT_SECONDS": "0.05"]

        // Start with a checkpoint, wait until one is saved part-way, kill -9.
        let (victim, _) = try Self.spawn(command + ["--checkpoint", checkpoint], environment: fast)
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: checkpoint), victim.isRunning, Date() < deadline {
            usleep(10_000)
        }
        usleep(100_000)
        let killedMidRun = victim.isRunning
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(killedMidRun, "the run ended before it could be killed: make it longer")
        let saved = try String(contentsOfFile: checkpoint, encoding: .utf8)
        #expect(saved.contains("\"format\":\"neurofail.omega-checkpoint/1\""))
        #expect(!saved.contains("\"nextChunk\":0,"), "killed before any progress was saved")

        // The same command again: resumes and prints what the uninterrupted run printed.
        let (again, resumed) = try Self.output(command + ["--checkpoint", checkpoint], environment: fast)
        #expect(again == 0)
        #expect(resumed == uninterrupted)

        // A checkpoint of another option or input set is refused, in one line.
        let other = neurofail(["omega", Self.chip, "--failures", "2,2,2,1", "--random-inputs", "1500", "--checkpoint", checkpoint])
        expectBadInput(other, "\(checkpoint): (root): a checkpoint of other options")
        let inputs = neurofail(["omega", Self.chip, "--failures", "2,2,2,2", "--random-inputs", "1501", "--checkpoint", checkpoint])
        expectBadInput(inputs, "a checkpoint of another input set")
    }
}

import Foundation
import NeuroFailTestSupport
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A path inside the repository.
func repo(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

/// What one `neurofail` invocation did.
struct Invocation {
    let status: Int32
    let out: String
    let err: String
}

/// Runs `neurofail` in-process with `arguments`.
func neurofail(_ arguments: String...) -> Invocation {
    neurofail(arguments)
}

func neurofail(_ arguments: [String]) -> Invocation {
    let (console, capture) = Console.capturing()
    let status = CommandLineTool.run(arguments, console: console)
    return Invocation(status: status, out: capture.out, err: capture.err)
}

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = Scratch.folder + "neurofail-test-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to a new file in a fresh temporary folder (or in `folder`) and returns its path.
func temporaryFile(_ name: String, _ text: String, in folder: String? = nil) -> String {
    let path = (folder ?? temporaryFolder()) + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// The JSON printed by a `--json` invocation, as a dictionary.
func json(_ invocation: Invocation) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(invocation.out.utf8))) as? [String: Any] ?? [:]
}

/// Expects a bad-input failure: exit status 2, exactly one line on stderr containing `message`, nothing on stdout.
func expectBadInput(_ invocation: Invocation, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(invocation.status == 2, "status \(invocation.status): \(invocation.err)", sourceLocation: sourceLocation)
    #expect(invocation.err.contains(message), "stderr: \(invocation.err)", sourceLocation: sourceLocation)
    #expect(invocation.err.split(separator: "\n").count == 1, "stderr: \(invocation.err)", sourceLocation: sourceLocation)
    #expect(invocation.out.isEmpty, "stdout: \(invocation.out)", sourceLocation: sourceLocation)
}

/// A mission scenario `s.json` beside a small chip (3 inputs, ReLU hidden layers of 6 and 5, 2 outputs: 11 hidden
/// neurons, 58 synapses) in a fresh folder, with `failures` (a JSON array) and the given length and runs, 1-year
/// checkpoints and `workload` random inputs. Returns the scenario's path.
func smallScenario(failures: String, years: Int = 4, runs: Int = 3, workload: Int = 16) throws -> String {
    let dir = temporaryFolder()
    let chip = Chip.random(
        inputs: 3, widths: [6, 5], outputs: 2, activation: .init(.relu, lipschitz: 1), mean: 0, std: 0.6, seed: 9)
    try AtomicFile.write(chip.json.rendered(), to: dir + "/chip.json")
    try AtomicFile.write("""
        {"format": "neurofail.scenario/1", "chip": "chip.json", "durationYears": \(years), "checkpointYears": 1,
         "workload": {"random": \(workload), "seed": 1}, "budget": 0.3, "seed": 5, "runs": \(runs),
         "failures": \(failures)}
        """, to: dir + "/s.json")
    return dir + "/s.json"
}

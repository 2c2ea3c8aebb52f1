import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailCLI

/// `neurofail omega` and `neurofail erf` against the paper's plain NumPy reference,
/// ../shared/reference/paper_reference.py, run as a separate process on the same chip and inputs.
/// CI installs numpy; the shared folder lies beside the repository.
struct ReferenceCrossCheckTests {
    static let script = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/reference/paper_reference.py").path

    /// Runs the reference on a chip, crash counts and inputs; returns its JSON line.
    private func reference(chip: String, failures: String, inputs: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, chip, failures, inputs]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "paper_reference.py failed on \(chip)")
        return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    private func relativeError(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    @Test func referenceScriptIsBesideTheRepository() {
        #expect(FileManager.default.fileExists(atPath: Self.script), "expected \(Self.script)")
    }

    /// Random chips of both activations, several depths and K, with biases; crash counts in every layer.
    @Test(arguments: 0..<8)
    func omegaAndErfAgreeWithThePaperReference(seed: Int) throws {
        var rng = Xoshiro256(seed: UInt64(100 + seed))
        let depth = 1 + seed % 3
        let widths = (0..<depth).map { _ in 2 + rng.nextIndex(3) }
        let function: Activation.Function = seed % 2 == 0 ? .relu : .sigmoid
        let k = [0.3, 1, 2.5][seed % 3]
        let chip = Chip.random(
            inputs: 2 + seed % 2, widths: widths, outputs: 1 + seed % 2, activation: Activation(function, lipschitz: k),
            mean: seed < 4 ? 1 : 0, std: seed < 4 ? 5 : 0.5, seed: UInt64(seed))
        let folder = temporaryFolder()
        let chipPath = folder + "/chip.json"
        try AtomicFile.write(chip.json.rendered(), to: chipPath)
        let inputs = InputBatch.uniform(count: 50, dimension: chip.inputCount, domain: .unit, seed: UInt64(seed))
        let csv = (0..<inputs.count).map { i in inputs.row(i).map { JSONValue.format($0) }.joined(separator: ",") }
        let inputPath = folder + "/inputs.csv"
        try AtomicFile.write(csv.joined(separator: "\n") + "\n", to: inputPath)
        let failures = widths.map { 1 + rng.nextIndex($0 - 1) }.map(String.init).joined(separator: ",")

        let expected = try reference(chip: chipPath, failures: failures, inputs: inputPath)
        let ours = neurofail("omega", chipPath, "--failures", failures, "--inputs", inputPath, "--json")
        #expect(ours.status == 0, "\(ours.err)")
        let got = json(ours)
        for key in ["omegaAverage", "omegaMaxAverage", "omegaMax", "omegaStd", "erf", "erfAverage"] {
            let a = got[key] as? Double ?? .nan
            let b = expected[key] as? Double ?? .nan
            #expect(relativeError(a, b) <= 1e-6, "\(key): ours \(a), reference \(b) (chip seed \(seed))")
        }
        #expect(got["configurations"] as? Int == expected["configurations"] as? Int)
        #expect(got["inputs"] as? Int == 50)
        let erf = json(neurofail("erf", chipPath, "--failures", failures, "--json"))
        #expect(relativeError(erf["erf"] as? Double ?? .nan, expected["erf"] as? Double ?? .nan) <= 1e-6)
        #expect(relativeError(erf["erfAverage"] as? Double ?? .nan, expected["erfAverage"] as? Double ?? .nan) <= 1e-6)
    }
}

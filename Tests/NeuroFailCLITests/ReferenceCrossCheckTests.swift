import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCLI

/// `neurofail omega` and `neurofail erf` against Tests/Reference/paper_reference.py, a plain NumPy reading of the
/// paper's definitions written independently of the Swift code, run as a separate process on the same chip and
/// inputs. Python is found by ``TestPython``; without python3 and numpy these tests are skipped, with one line
/// saying so. When the reference runs and disagrees, they fail.
@Suite(.enabled(if: TestPython.canImport("numpy"), "python3 with numpy not found; install numpy (or run .ci/run, which makes .venv) to run the cross-check against Tests/Reference/paper_reference.py"))
struct ReferenceCrossCheckTests {
    static let script = repositoryRoot.appendingPathComponent("Tests/Reference/paper_reference.py").path

    /// Runs the reference; returns its JSON object. Any failure of the reference is a test failure, with its stderr.
    private func reference(_ arguments: [String]) throws -> [String: Any] {
        let run = try TestPython.run([Self.script] + arguments)
        try #require(run.status == 0, "paper_reference.py \(arguments.joined(separator: " ")) failed: \(run.err)")
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
        return try #require(object, "paper_reference.py printed no JSON object: \(run.out)")
    }

    private func relativeError(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a), abs(b), 1e-300)
    }

    /// One randomly drawn case: a chip file, an inputs file and the fault selection, as arguments for both programs.
    private struct Case {
        var chipPath: String
        var inputPath: String
        var ours: [String]
        var theirs: [String]
        var norm: [String]
        var erfSupported: Bool
    }

    /// Random chips: ReLU, sigmoid or a per-layer mix, depth 1–3, several K, with biases, on [0, 1] or [−1, 2].
    /// Seeds 0–7 crash neurons in every layer; 8–11 add crashed synapses; 12–14 crash neurons anywhere;
    /// 15–17 use the L1 and L2 norms.
    private func draw(seed: Int) throws -> Case {
        var rng = Xoshiro256(seed: UInt64(100 + seed))
        let depth = 1 + seed % 3
        let widths = (0..<depth).map { _ in 2 + rng.nextIndex(2) }
        let function: Activation.Function = seed % 2 == 0 ? .relu : .sigmoid
        let k = [0.3, 1, 2.5][seed % 3]
        var chip = Chip.random(
            inputs: 2 + seed % 2, widths: widths, outputs: 1 + seed % 2, activation: Activation(function, lipschitz: k),
            mean: seed < 4 ? 1 : 0, std: seed < 4 ? 5 : 0.5, seed: UInt64(seed))
        if seed % 4 == 3, depth > 1 {
            // A mixed chip: the other activation, with its own K, in the last hidden layer.
            let other: Activation.Function = function == .relu ? .sigmoid : .relu
            chip.hidden[depth - 1].activation = Activation(other, lipschitz: 1.7)
        }
        if seed % 5 == 4 { chip.inputDomain = InputDomain(lower: -1, upper: 2) }
        let folder = temporaryFolder()
        let chipPath = folder + "/chip.json"
        try AtomicFile.write(chip.json.rendered(), to: chipPath)
        let inputs = InputBatch.uniform(count: 30, dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(seed))
        let csv = (0..<inputs.count).map { i in inputs.row(i).map { JSONValue.format($0) }.joined(separator: ",") }
        let inputPath = folder + "/inputs.csv"
        try AtomicFile.write(csv.joined(separator: "\n") + "\n", to: inputPath)

        var ours: [String] = []
        var theirs: [String] = []
        if (12..<15).contains(seed) {
            let total = 1 + rng.nextIndex(2)
            ours += ["--crashes", String(total)]
            theirs += ["--anywhere", String(total)]
        } else {
            let failures = widths.map { 1 + rng.nextIndex($0 - 1) }.map(String.init).joined(separator: ",")
            ours += ["--failures", failures]
            theirs += ["--neurons", failures]
        }
        if (8..<12).contains(seed) {
            // One crashed synapse in a random matrix (readout included), sometimes one more in another.
            var synapses = Array(repeating: 0, count: depth + 1)
            synapses[rng.nextIndex(depth + 1)] += 1
            if seed % 2 == 1 { synapses[rng.nextIndex(depth + 1)] += 1 }
            let list = synapses.map(String.init).joined(separator: ",")
            ours += ["--synapse-failures", list]
            theirs += ["--synapses", list]
        }
        let norm = seed >= 15 ? ["--norm", seed % 2 == 0 ? "l1" : "l2"] : []
        return Case(
            chipPath: chipPath, inputPath: inputPath, ours: ours, theirs: theirs, norm: norm,
            erfSupported: !(12..<15).contains(seed))
    }

    @Test(arguments: 0..<18)
    func omegaAndErfAgreeWithThePaperReference(seed: Int) throws {
        let c = try draw(seed: seed)
        let expected = try reference([c.chipPath, "--inputs", c.inputPath] + c.theirs + c.norm)
        let ours = neurofail(["omega", c.chipPath, "--inputs", c.inputPath, "--json"] + c.ours + c.norm)
        #expect(ours.status == 0, "\(ours.err)")
        let got = json(ours)
        for key in ["omegaAverage", "omegaMaxAverage", "omegaMax", "omegaStd", "erf", "erfAverage"] {
            let a = got[key] as? Double ?? .nan
            let b = expected[key] as? Double ?? .nan
            #expect(relativeError(a, b) <= 1e-6, "\(key): ours \(a), reference \(b) (case \(seed): \(c.ours))")
        }
        #expect(got["configurations"] as? Int == expected["configurations"] as? Int)
        #expect(got["inputs"] as? Int == 30)
        guard c.erfSupported else { return }  // `erf` takes per-layer counts only, and reports the L-inf bound
        let bound = c.norm.isEmpty ? expected : try reference([c.chipPath] + c.theirs)
        let erf = json(neurofail(["erf", c.chipPath, "--json"] + c.ours))
        #expect(relativeError(erf["erf"] as? Double ?? .nan, bound["erf"] as? Double ?? .nan) <= 1e-6)
        #expect(relativeError(erf["erfAverage"] as? Double ?? .nan, bound["erfAverage"] as? Double ?? .nan) <= 1e-6)
    }

    /// The output bounds C_l that `inspect` reports, against the reference's interval propagation.
    @Test(arguments: [0, 3, 4, 7, 9])
    func outputBoundsAgreeWithThePaperReference(seed: Int) throws {
        let c = try draw(seed: seed)
        let expected = try #require(try reference([c.chipPath])["outputBounds"] as? [Double])
        let chip = try Chip.loadAny(path: c.chipPath)
        let ours = ErfBound(chip: chip).outputBounds
        #expect(ours.count == expected.count)
        for (a, b) in zip(ours, expected) { #expect(relativeError(a, b) <= 1e-12, "C_l: ours \(ours), reference \(expected)") }
    }

    /// The reference really computes: on the hand chip of Docs/theory.md section 9 it prints the worked-out numbers,
    /// so a reference that silently printed zeros would fail here rather than agree with a broken engine.
    @Test func referenceReproducesTheHandChipOfTheTheoryNote() throws {
        let chip = repo("Chips/hand-2-2-1.json")
        let mixed = try reference([chip, "--neurons", "1,1", "--synapses", "1,1,1"])
        #expect(mixed["erf"] as? Double == 56)
        #expect(mixed["outputBounds"] as? [Double] == [3, 6])
        let worst = try reference([chip, "--anywhere", "3"])
        #expect(worst["erf"] as? Double == 36)
        let corner = temporaryFile("corner.csv", "1,1\n")
        let crash = try reference([chip, "--neurons", "1,0", "--inputs", corner])
        // At (1, 1): crashing neuron 1 of layer 1 moves F by 8 (section 9), crashing neuron 2 by 1.5.
        #expect(crash["configurations"] as? Int == 2)
        #expect(crash["omegaMax"] as? Double == 8)
        #expect(crash["omegaAverage"] as? Double == 4.75)
    }
}

import Foundation
import NeuroFailCore
import NeuroFailTestSupport
import Testing

/// Sparse chips as files (issue 14 item 3): `generate --fan-in K --format manifest`, and every command reading the
/// manifest it writes.
struct SparseChipCommandTests {
    /// Generates a sparse manifest chip (8 inputs, 6 and 5 sparse ReLU neurons of fan-in 3, 2 outputs) in a new
    /// folder; the manifest's path.
    static func generated(seed: Int = 3, fanIn: Int = 3) -> String {
        let path = temporaryFolder() + "/chip.json"
        let run = neurofail(
            "generate", "--inputs", "8", "--widths", "6,5", "--outputs", "2", "--fan-in", "\(fanIn)", "--seed", "\(seed)",
            "--format", "manifest", "--out", path)
        #expect(run.status == 0, "\(run.err)")
        return path
    }

    /// Every file of the folder holding `path`, by name.
    static func files(beside path: String) throws -> [String: Data] {
        let folder = PathName.parent(path)
        var out = [String: Data]()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        return out
    }

    @Test func generateFanInGivesEachNeuronExactlyKDistinctSortedSources() throws {
        let chip = try Chip.loadAny(path: Self.generated())
        #expect(chip.widths == [6, 5] && chip.inputCount == 8)
        for layer in chip.hidden {
            let c = try #require(layer.sparse)
            for t in 0..<layer.outputs {
                let sources = c.synapses(of: t).map { Int(c.sources[$0]) }
                #expect(sources.count == 3)
                #expect(sources == Array(Set(sources)).sorted(), "neuron \(t): \(sources)")
                #expect(sources.allSatisfy { (0..<layer.inputs).contains($0) })
            }
        }
        #expect(chip.readout.isDense)
    }

    @Test func generateFanInIsTheSameBytesForASeedAndOthersForAnother() throws {
        let (a, b, c) = (try Self.files(beside: Self.generated(seed: 5)), try Self.files(beside: Self.generated(seed: 5)),
                         try Self.files(beside: Self.generated(seed: 6)))
        #expect(a.count == 11)
        #expect(a == b)
        #expect(a["chip.layer1.indices.npy"] != c["chip.layer1.indices.npy"])
        #expect(a["chip.layer1.data.npy"] != c["chip.layer1.data.npy"])
    }

    /// Floyd's draw is uniform: over 3,000 neurons of fan-in 3 from 10 inputs each source is drawn 900 times on
    /// average (binomial, standard deviation √(3000 · 0.3 · 0.7) ≈ 25); 150 is six of them.
    @Test func sparseSourcesAreDrawnUniformly() throws {
        let chip = Chip.random(inputs: 10, widths: [3000], fanIn: 3, outputs: 1, activation: Activation(.relu, lipschitz: 1), seed: 9)
        var counts = [Int](repeating: 0, count: 10)
        for s in try #require(chip.hidden[0].sparse).sources { counts[Int(s)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 900) < 150 }, "\(counts)")
    }

    @Test func generateJSONWritesSparseLayers() throws {
        let path = temporaryFolder() + "/chip.json"
        #expect(neurofail("generate", "--inputs", "4", "--widths", "3", "--fan-in", "2", "--out", path).status == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""type": "sparse""#))
        #expect(try Chip.load(path: path).hidden[0].sparse?.synapseCount == 6)
    }

    @Test(arguments: [
        (["--fan-in", "0"], "--fan-in: must be between 1 and"),
        (["--fan-in", "9"], "--fan-in: 9 is more than the 8 inputs of hidden layer 1; give at most 5"),
        (["--fan-in", "6"], "--fan-in: 6 is more than the 5 inputs of hidden layer 2; give at most 5"),
        (["--fan-in", "2", "--widths", "100000000,100000000"], "--widths: the weights of the chip need about"),
        (["--fan-in", "2", "--format", "npz"], "--format: expected json or manifest, found 'npz'"),
        (["--window", "4"], "--window: needs --fan-in (a dense chip has no window)"),
        (["--fan-in", "3", "--window", "2"], "--window: 2 is narrower than the fan-in 3; give at least 3"),
        (["--fan-in", "3", "--window", "0"], "--window: must be between 1 and"),
    ])
    func generateRefusesBadValuesAndWritesNothing(_ extra: [String], _ message: String) throws {
        let folder = temporaryFolder()
        var options = ["--inputs": "8", "--widths": "5,5", "--format": "manifest", "--out": "\(folder)/chip.json"]
        for k in stride(from: 0, to: extra.count, by: 2) { options[extra[k]] = extra[k + 1] }
        let args = ["generate"] + options.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        expectBadInput(neurofail(args), message)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// `--window 3` on 8 inputs → 6 neurons: neuron t's sources lie in the 3 inputs centred on (2t + 1)·8 / 12,
    /// worked out by hand: starts 0, 1, 2, 3, 5, 5 (centres 0, 2, 3, 4, 6, 7, less 1, kept inside 0...5).
    @Test func generateWithAWindowWritesLocalFanIn() throws {
        let path = temporaryFolder() + "/chip.json"
        let run = neurofail("generate", "--inputs", "8", "--widths", "6", "--fan-in", "2", "--window", "3", "--out", path)
        #expect(run.status == 0, "\(run.err)")
        let chip = try Chip.load(path: path)
        let c = try #require(chip.hidden[0].sparse)
        for (t, start) in [0, 1, 2, 3, 5, 5].enumerated() {
            let row = c.sources[c.rowStart[t]..<c.rowStart[t + 1]].map(Int.init)
            #expect(row.count == 2 && row.allSatisfy { (start..<(start + 3)).contains($0) }, "neuron \(t): \(row)")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(#""window": 3"#))
    }

    @Test func aManifestNeedsAnOutputPath() {
        expectBadInput(neurofail("generate", "--fan-in", "2", "--format", "manifest"), "--format: manifest needs --out")
    }

    @Test func inspectShowsSparseLayers() throws {
        let path = Self.generated()
        let run = neurofail("inspect", path)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("8 inputs → 6[sparse k≤3]-5[sparse k≤3]"))
        #expect(run.out.contains("layer 1: sparse, 18 synapses; fan-in min 3, mean 3, max 3"))
        let layers = try #require(json(neurofail("inspect", path, "--json"))["layers"] as? [[String: Any]])
        #expect(layers[0]["type"] as? String == "sparse" && layers[2]["type"] as? String == "dense")
        #expect(layers[1]["synapses"] as? Int == 15)
        #expect((layers[1]["fanIn"] as? [String: Any])?["max"] as? Int == 3)
    }

    /// A manifest and the chip file converted from it are the same chip to every command; back to a manifest, too.
    @Test func everyCommandReadsTheManifestAsItsChipFile() throws {
        let manifest = Self.generated()
        let folder = PathName.parent(manifest)
        #expect(neurofail("convert", manifest, "\(folder)/c.json").status == 0)
        #expect(neurofail("convert", "\(folder)/c.json", "\(folder)/back.json", "--format", "manifest").status == 0)
        let chip = try Chip.loadAny(path: manifest)
        for other in ["\(folder)/c.json", "\(folder)/back.json"] {
            let read = try Chip.loadAny(path: other)
            #expect(read.hidden == chip.hidden && read.readout == chip.readout)
        }
        let commands: [[String]] = [
            ["erf", "--failures", "1,1", "--json"], ["omega", "--failures", "1,0", "--random-inputs", "5", "--json"],
            ["tolerance", "--budget", "0.5", "--json"], ["rank", "--random-inputs", "4", "--json"],
            ["predict", "--random-inputs", "3", "--json"],
        ]
        for command in commands {
            let a = neurofail([command[0], manifest] + command.dropFirst())
            let b = neurofail([command[0], "\(folder)/c.json"] + command.dropFirst())
            #expect(a.status == 0 && b.status == 0, "\(command): \(a.err) \(b.err)")
            #expect(a.out.replacingOccurrences(of: manifest, with: "") == b.out.replacingOccurrences(of: "\(folder)/c.json", with: ""), "\(command)")
            #expect(!a.out.isEmpty)
        }
        let compare = neurofail("compare", manifest, "\(folder)/c.json", "--failures", "1,1")
        #expect(compare.status == 0, "\(compare.err)")
    }

    /// The hand-written CSR chip of ChipNumPySparseTests, through `predict`: on (1, 1, 0.25) neuron 0 is
    /// 1·1 − 2·0.25 + 0.5 = 1, neuron 1 is 3·1 − 1 = 2, the output 1·1 + 2·2 = 5; on (0, 0, 1) both are below 0
    /// (−1.5 and −1), so the output is 0.
    @Test func predictComputesAHandWrittenCSRChip() throws {
        let folder = temporaryFolder()
        let ints: [String: [Int64]] = ["p.npy": [0, 2, 3], "i.npy": [0, 2, 1]]
        for (name, values) in ints {
            try NumPyFiles.integers([values.count], values, descr: "<i8").write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        for (name, shape, values) in [("d.npy", [3], [1.0, -2, 3]), ("b0.npy", [2], [0.5, -1]), ("w1.npy", [1, 2], [1, 2]), ("b1.npy", [1], [0])] {
            try NumPyFiles.doubles(shape, values).write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        let manifest = temporaryFile("m.json", #"{"format": "neurofail.npy-manifest/1", "inputs": 3, "activation": {"function": "relu", "lipschitz": 1}, "layers": [{"type": "sparse", "indptr": "p.npy", "indices": "i.npy", "weights": "d.npy", "bias": "b0.npy"}], "readout": {"weights": "w1.npy", "bias": "b1.npy"}}"#, in: folder)
        let inputs = temporaryFile("x.csv", "1,1,0.25\n0,0,1\n", in: folder)
        let run = neurofail("predict", manifest, "--inputs", inputs, "--json")
        #expect(run.status == 0, "\(run.err)")
        #expect(json(run)["outputs"] as? [[Double]] == [[5], [0]])
    }

    @Test func aBadSparseManifestIsOneLine() throws {
        let path = Self.generated()
        let folder = PathName.parent(path)
        try NumPyFiles.doubles([18], Array(repeating: 1, count: 18))
            .write(to: URL(fileURLWithPath: "\(folder)/chip.layer1.indices.npy"))
        expectBadInput(neurofail("inspect", path), "layers[0].indices: chip.layer1.indices.npy: header: ")
    }
}

extension SparseChipCommandTests {
    /// A sparse chip whose dense expansion (3000 × 1500 = 4.5·10⁶ entries) is beyond what the fault-set bound once
    /// expanded (2²²): the bounds now run over its 3,000 synapses, so `tolerance` answers in every column, the
    /// fault-set bound's included, instead of refusing the chip.
    @Test func toleranceAnswersOnASparseChipWhoseDenseExpansionIsLarge() {
        let path = temporaryFolder() + "/wide.json"
        #expect(neurofail("generate", "--inputs", "3000", "--widths", "1500", "--fan-in", "2", "--format", "manifest", "--out", path).status == 0)
        let run = neurofail("tolerance", path, "--budget", "1")
        #expect(run.status == 0 && run.err.isEmpty, "\(run.err)")
        #expect(run.out.contains("max f_l (fault-set bound)") && run.out.contains("a placement of 1 is not certified"))
        // Its column came from intervals (4.5·10⁶ dense weights is over the 2²² back-substitution takes): said so.
        #expect(run.out.contains("Fault-set bound (intervals: the chip is too large to back-substitute"))
        #expect(!run.out.contains("Fault-set bound (back-substitution"))
        let json = neurofail("tolerance", path, "--budget", "1", "--json")
        #expect(json.out.contains("\"certifiedMethod\": \"intervals\""), "\(json.out.prefix(300))")
    }
}

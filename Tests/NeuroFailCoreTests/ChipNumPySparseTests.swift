import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// Sparse layers in an `.npy` manifest (SciPy `csr_matrix`'s `indptr`, `indices`, `data`), and the manifest writer.
struct ChipNumPySparseTests {
    /// 3 inputs → 2 sparse ReLU neurons (neuron 0 from inputs 0 and 2 with weights 1, −2, bias 0.5; neuron 1 from
    /// input 1 with weight 3, bias −1) → 1 output (weights 1, 2, bias 0).
    static let manifest = #"{"format": "neurofail.npy-manifest/1", "inputs": 3, "activation": {"function": "relu", "lipschitz": 1}, "layers": [{"type": "sparse", "indptr": "p.npy", "indices": "i.npy", "weights": "d.npy", "bias": "b0.npy"}], "readout": {"weights": "w1.npy", "bias": "b1.npy"}}"#

    /// The arrays of ``manifest``, by file name.
    static let arrays: [String: Data] = [
        "p.npy": npyIntegers([3], [0, 2, 3], descr: "<i8"), "i.npy": npyIntegers([3], [0, 2, 1], descr: "<i4"),
        "d.npy": npy([3], [1, -2, 3]), "b0.npy": npy([2], [0.5, -1]), "w1.npy": npy([1, 2], [1, 2]), "b1.npy": npy([1], [0]),
    ]

    /// Writes the manifest text and the arrays (with `replace`d ones) into a new folder; the manifest's path.
    static func write(_ text: String = manifest, replace: [String: Data] = [:]) throws -> String {
        let folder = Scratch.folder + "nf-sparse-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, data) in arrays.merging(replace, uniquingKeysWith: { $1 }) {
            try data.write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        try text.write(toFile: "\(folder)/m.json", atomically: true, encoding: .utf8)
        return "\(folder)/m.json"
    }

    @Test func aHandWrittenCSRManifestLoadsAsItsSynapses() throws {
        let chip = try Chip.loadNumPyManifest(path: Self.write())
        let layer = chip.hidden[0]
        #expect(layer.sparse?.rowStart == [0, 2, 3])
        #expect(layer.sparse?.sources == [0, 2, 1])
        #expect(layer.weights == [1, -2, 3] && layer.bias == [0.5, -1])
        // The matrix it stands for, entry by entry: zeros where no synapse is.
        let matrix = (0..<2).map { t in (0..<3).map { layer.weight(target: t, source: $0) } }
        #expect(matrix == [[1, 0, -2], [0, 3, 0]])
        #expect(chip.readout.weights == [1, 2] && chip.inputCount == 3 && chip.synapseCount == 5)
    }

    @Test func aSparseLayerAfterADenseOneTakesItsWidth() throws {
        let text = Self.manifest.replacingOccurrences(of: #""inputs": 3, "#, with: "")
            .replacingOccurrences(of: #""layers": ["#, with: #""layers": [{"weights": "w0.npy", "bias": "c0.npy"}, "#)
        let chip = try Chip.loadNumPyManifest(path: Self.write(text, replace: [
            "w0.npy": npy([3, 4], Array(repeating: 1, count: 12)), "c0.npy": npy([3], [0, 0, 0]),
        ]))
        #expect(chip.inputCount == 4 && chip.widths == [3, 2] && chip.hidden[1].sparse?.inputs == 3)
    }

    /// Each bad manifest is refused with one line naming the manifest, the field and (for an array) its file.
    @Test(arguments: [
        ("unsorted indices", [:], #"m.json: layers[0].indices: i.npy: neuron 0's sources are not strictly increasing (2 then 0)"#,
         ["i.npy": npyIntegers([3], [2, 0, 1], descr: "<i4")]),
        ("duplicate indices", [:], "layers[0].indices: i.npy: neuron 0's sources are not strictly increasing (0 then 0)",
         ["i.npy": npyIntegers([3], [0, 0, 1], descr: "<i4")]),
        ("an index out of range", [:], "layers[0].indices: i.npy: neuron 0 has a synapse from unit 3, outside 0..<3",
         ["i.npy": npyIntegers([3], [0, 3, 1], descr: "<i4")]),
        ("a negative index", [:], "layers[0].indices: i.npy: neuron 0 has a synapse from unit -1, outside 0..<3",
         ["i.npy": npyIntegers([3], [-1, 0, 1], descr: "<i8")]),
        ("indptr ending past the synapses", [:], "layers[0].indptr: p.npy: the row pointers end at 4, but there are 3 synapses",
         ["p.npy": npyIntegers([3], [0, 2, 4], descr: "<i8")]),
        // Past the 3 synapses and back: named, not read (it trapped before the row pointers were checked first).
        ("indptr decreasing", [:], "layers[0].indptr: p.npy: the row pointers decrease at neuron 1 (4 then 3)",
         ["p.npy": npyIntegers([3], [0, 4, 3], descr: "<i8")]),
        ("indptr not starting at 0", [:], "layers[0].indptr: p.npy: the row pointers start at 1, expected 0",
         ["p.npy": npyIntegers([3], [1, 2, 3], descr: "<i8")]),
        ("indptr one entry too long", [:], "layers[0].bias: b0.npy has 2 numbers, expected 3 (one per neuron: p.npy has 4 entries)",
         ["p.npy": npyIntegers([4], [0, 2, 3, 3], descr: "<i8")]),
        ("indptr with one entry", [:], "layers[0].indptr: p.npy has 1 entries: a layer needs at least one neuron",
         ["p.npy": npyIntegers([1], [0], descr: "<i8")]),
        ("indptr as a matrix", [:], "layers[0].indptr: p.npy has shape [1, 3], expected a vector",
         ["p.npy": npyIntegers([1, 3], [0, 2, 3], descr: "<i8")]),
        ("data shorter than indices", [:], "layers[0].weights: d.npy has 2 numbers, but i.npy has 3 indices (one weight per synapse)",
         ["d.npy": npy([2], [1, -2])]),
        ("integer data", [:], "layers[0].weights: d.npy: header: unsupported element type '<i8', expected float32 or float64",
         ["d.npy": npyIntegers([3], [1, 2, 3], descr: "<i8")]),
        ("float indices", [:], "layers[0].indices: i.npy: header: element type '<f8' is floating point, expected integers",
         ["i.npy": npy([3], [0, 2, 1])]),
        ("a non-finite weight", [:], "layers[0].weights: d.npy: element 1: not finite", ["d.npy": npy([3], [1, .nan, 3])]),
        ("no inputs for a first sparse layer", [#""inputs": 3, "#: ""], "m.json: inputs: missing: layers[0] is sparse", [:]),
        ("no indices", [#""indices": "i.npy", "#: ""], "layers[0].indices: missing: a sparse layer names its indices .npy file", [:]),
        ("a missing array file", [#""i.npy""#: #""gone.npy""#], "layers[0].indices: gone.npy: ", [:]),
        ("an unknown key", [#""type": "sparse""#: #""type": "sparse", "shape": 3"#], "layers[0].shape: unknown field", [:]),
    ] as [(String, [String: String], String, [String: Data])])
    func aBadSparseManifestNamesTheFieldAndFile(_ name: String, _ edits: [String: String], _ expected: String, _ replace: [String: Data]) throws {
        var text = Self.manifest
        for (old, new) in edits { text = text.replacingOccurrences(of: old, with: new) }
        let path = try Self.write(text, replace: replace)
        do {
            _ = try Chip.loadNumPyManifest(path: path)
            Issue.record("\(name): loaded")
        } catch {
            #expect(error.description.hasPrefix(path), "\(name): \(error.description)")
            #expect(error.description.contains(expected.replacingOccurrences(of: "m.json: ", with: "")), "\(name): \(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    /// Written, then read: the same chip, sparse, dense and with a layer of its own activation.
    @Test func theManifestRoundTripGivesBackTheChip() throws {
        var chip = Chip.random(inputs: 7, widths: [9, 6, 5], fanIn: 4, outputs: 3, activation: Activation(.relu, lipschitz: 1), seed: 11)
        chip.hidden[1].activation = Activation(.tanh, lipschitz: 1)
        chip.inputDomain = InputDomain(lower: -1, upper: 2)
        let dense = Chip.random(inputs: 3, widths: [4], outputs: 2, activation: Activation(.relu, lipschitz: 1), seed: 2)
        let readout = Layer(inputs: 6, outputs: 1, weights: [1, 2, 3, 4, 5, 6], bias: [0.5], activation: nil)
        let mixed = Chip(name: "mixed", hidden: [dense.hidden[0], chip.hidden[1].withInputs(4)], readout: readout)
        for original in [chip, dense, mixed] {
            let path = Scratch.folder + "nf-write-\(UUID().uuidString)/out/chip.json"
            try original.writeNumPyManifest(to: path)
            let back = try Chip.loadNumPyManifest(path: path)
            #expect(back.hidden == original.hidden)
            #expect(back.readout == original.readout)
            #expect(back.name == original.name && back.inputDomain == original.inputDomain)
            #expect(back.metadata("generator") == original.metadata("generator"))
            let files = try FileManager.default.contentsOfDirectory(atPath: PathName.parent(path))
            #expect(files.allSatisfy { $0 == "chip.json" || ($0.hasPrefix("chip.") && $0.hasSuffix(".npy")) }, "\(files)")
        }
    }

    /// A folder where one array goes: nothing is written, not even the arrays before it.
    @Test func aPathThatIsNotARegularFileWritesNothing() throws {
        let folder = Scratch.folder + "nf-write-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: "\(folder)/chip.layer1.data.npy", withIntermediateDirectories: true)
        let chip = Chip.random(inputs: 3, widths: [4], fanIn: 2, outputs: 1, activation: Activation(.relu, lipschitz: 1), seed: 1)
        #expect(throws: InputError.unreadable(
            file: "\(folder)/chip.layer1.data.npy", reason: "is a folder; refusing to write over it (give a path to a regular file)")) {
            try chip.writeNumPyManifest(to: "\(folder)/chip.json")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["chip.layer1.data.npy"])
    }
}

extension Layer {
    /// This sparse layer fed by `inputs` units (its sources must lie below), for building chips in tests.
    fileprivate func withInputs(_ inputs: Int) -> Layer {
        guard let c = sparse else { return self }
        let lists = (0..<outputs).map { t in c.synapses(of: t).map { Int(c.sources[$0]) % inputs } }
        let unique = lists.map { Array(Set($0)).sorted() }
        let weights = unique.flatMap { $0.map { Double($0) + 0.5 } }
        return Layer(sparse: SparseConnectivity(inputs: inputs, fanIn: unique), weights: weights, bias: bias, activation: activation)
    }
}

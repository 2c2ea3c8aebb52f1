import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// Every error of an `.npy` manifest (issue 12: "a manifest error naming a field the manifest does not have"): each
/// case changes the manifest or one of its arrays and expects one line naming a field the manifest has (or the
/// `.npy` file), checked against the manifest itself.
struct ChipNumPyTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        /// The manifest's JSON text; the arrays are a 2-2-1 chip (w0 2×2, b0 2, w1 1×2, b1 1) unless `arrays` says otherwise.
        let manifest: String
        var arrays: [(String, [Int], [Double])] = []
        /// The file the error names: the manifest, or an array file for that file's own errors.
        var file = "m.json"
        /// The error after "<file>: ".
        let expected: String
        var description: String { name }
    }

    static let base = #"{"format": "neurofail.npy-manifest/1", "activation": {"function": "relu", "lipschitz": 1}, "layers": [{"weights": "w0.npy", "bias": "b0.npy"}], "readout": {"weights": "w1.npy", "bias": "b1.npy"}}"#

    static func with(_ old: String, _ new: String) -> String { base.replacingOccurrences(of: old, with: new) }

    static let cases: [Case] = [
        Case(name: "wrong format", manifest: with("npy-manifest/1", "npy-manifest/9"),
             expected: #"format: expected "neurofail.npy-manifest/1""#),
        Case(name: "unknown layout", manifest: with(#""activation""#, #""layout": "rows", "activation""#),
             expected: #"layout: expected "out-in" (PyTorch nn.Linear.weight) or "in-out" (Keras Dense kernels, scikit-learn coefs_), found "rows""#),
        Case(name: "no hidden layer", manifest: with(#"[{"weights": "w0.npy", "bias": "b0.npy"}]"#, "[]"),
             expected: "layers: needs at least one hidden layer"),
        Case(name: "a layer that is not an object", manifest: with(#"[{"weights": "w0.npy", "bias": "b0.npy"}]"#, "[3]"),
             expected: "layers[0]: expected an object, found a number"),
        Case(name: "no readout", manifest: with(#", "readout": {"weights": "w1.npy", "bias": "b1.npy"}"#, ""),
             expected: "readout: missing"),
        Case(name: "an unknown key in a layer", manifest: with(#""bias": "b0.npy""#, #""bias": "b0.npy", "type": "convolution""#),
             expected: "layers[0].type: unknown field (expected one of: activation, bias, weights)"),
        Case(name: "an activation on the readout", manifest: with(#""bias": "b1.npy""#, #""bias": "b1.npy", "activation": {"function": "relu", "lipschitz": 1}"#),
             expected: "readout.activation: unknown field (expected one of: bias, weights)"),
        Case(name: "weights that are not a file name", manifest: with(#""weights": "w0.npy""#, #""weights": 3"#),
             expected: "layers[0].weights: expected a string, found a number"),
        Case(name: "weights that are not a matrix", manifest: with(#""weights": "w0.npy""#, #""weights": "b0.npy""#),
             expected: "layers[0].weights: b0.npy has shape [2], expected a 2-D matrix"),
        Case(name: "a bias that is not a vector", manifest: base, arrays: [("b0.npy", [1, 1, 2], [0, 0])],
             expected: "layers[0].bias: b0.npy has shape [1, 1, 2], expected a vector"),
        // The array file's own errors name that file.
        Case(name: "a NaN weight", manifest: base, arrays: [("w0.npy", [2, 2], [1, 2, .nan, 4])], file: "w0.npy",
             expected: "element 2: not finite"),
        Case(name: "an infinite readout bias", manifest: base, arrays: [("b1.npy", [1], [.infinity])], file: "b1.npy",
             expected: "element 0: not finite"),
        Case(name: "a first matrix without columns", manifest: base, arrays: [("w0.npy", [2, 0], [])],
             expected: "layers[0].weights: w0.npy has shape [2, 0], which as out-in takes 0 inputs; a chip has 1 to 100000000"),
        Case(name: "stated inputs that the first matrix does not take", manifest: with(#""activation""#, #""inputs": 3, "activation""#),
             expected: "inputs: 3, but w0.npy (shape [2, 2], out-in) takes 2"),
        Case(name: "a layer without neurons", manifest: base, arrays: [("w0.npy", [0, 2], []), ("b0.npy", [0], []), ("w1.npy", [1, 0], [])],
             expected: "layers[0].weights: has no rows: a layer needs at least one neuron"),
        Case(name: "a bias of the wrong length", manifest: base, arrays: [("b0.npy", [3], [0, 0, 0])],
             expected: "layers[0].bias: b0.npy has shape [3], expected 2 numbers (one per output of w0.npy, shape [2, 2] read as out-in)"),
        Case(name: "weights that leave Float64's range", manifest: base, arrays: [("w0.npy", [2, 2], [1e308, 1e308, 1, 1])],
             expected: "layers[0].weights: neuron 0 of layer 1 can reach beyond"),
        Case(name: "no activation", manifest: with(#""activation": {"function": "relu", "lipschitz": 1}, "#, ""),
             expected: "activation: missing (and layers[0] has no activation of its own)"),
        Case(name: "an unknown activation", manifest: with(#""relu""#, #""relux""#),
             expected: #"activation.function: unknown activation "relux""#),
    ]

    /// Writes the chip's arrays (with the case's replacements) and the manifest into a new folder.
    static func write(_ c: Case) throws -> (folder: String, manifest: String) {
        let folder = Scratch.folder + "nf-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var arrays: [String: ([Int], [Double])] = [
            "w0.npy": ([2, 2], [1, 2, 3, 4]), "b0.npy": ([2], [0, 0]), "w1.npy": ([1, 2], [1, 1]), "b1.npy": ([1], [0]),
        ]
        for (name, shape, values) in c.arrays { arrays[name] = (shape, values) }
        for (name, (shape, values)) in arrays { try npy(shape, values).write(to: URL(fileURLWithPath: "\(folder)/\(name)")) }
        try c.manifest.write(toFile: "\(folder)/m.json", atomically: true, encoding: .utf8)
        return (folder, "\(folder)/m.json")
    }

    /// Whether the dotted path (`layers[0].weights`) leads to a value in the JSON text, checked with Foundation's
    /// parser (independent of the decoder under test).
    static func resolves(_ path: String, in text: String) -> Bool {
        guard var node = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return false }
        for part in path.split(separator: ".") {
            var name = Substring(part), indices = [Int]()
            while let open = name.lastIndex(of: "["), name.hasSuffix("]"), let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(i, at: 0)
                name = name[..<open]
            }
            guard let object = node as? [String: Any], let child = object[String(name)] else { return false }
            node = child
            for i in indices {
                guard let array = node as? [Any], i < array.count else { return false }
                node = array[i]
            }
        }
        return true
    }

    @Test(arguments: cases) func everyManifestErrorNamesAFieldTheManifestHas(_ c: Case) throws {
        let (_, manifest) = try Self.write(c)
        let named = (manifest as NSString).deletingLastPathComponent + "/" + c.file
        do {
            _ = try Chip.loadNumPyManifest(path: manifest)
            Issue.record("\(c.name): accepted")
        } catch {
            let text = error.description
            #expect(text.hasPrefix("\(named): \(c.expected)"), "\(c.name): \(text)")
            #expect(!text.contains("\n"))
            guard c.file == "m.json" else { return }
            // The field named: a key the manifest has, or one a missing-field message says is missing.
            let field = String(text.dropFirst(manifest.count + 2).prefix { $0 != ":" })
            let missing = text.dropFirst(manifest.count + 2 + field.count + 2).hasPrefix("missing")
            #expect(missing || Self.resolves(field, in: c.manifest), "\(c.name): \(field) is not in the manifest")
        }
    }

    /// An array file that does not exist is named itself (the path the manifest's entry points to).
    @Test func aMissingArrayFileIsNamed() throws {
        let c = Case(name: "missing", manifest: Self.with(#""bias": "b1.npy""#, #""bias": "b9.npy""#), expected: "")
        let (folder, manifest) = try Self.write(c)
        #expect(throws: InputError.unreadable(file: "\(folder)/b9.npy", reason: "no such file")) {
            try Chip.loadNumPyManifest(path: manifest)
        }
    }

    /// The base manifest loads, so every case above fails for its one change.
    @Test func theBaseManifestLoads() throws {
        let c = Case(name: "base", manifest: Self.base, expected: "")
        let chip = try Chip.loadNumPyManifest(path: try Self.write(c).manifest)
        #expect(chip.widths == [2] && chip.inputCount == 2 && chip.outputCount == 1)
        let stated = Case(name: "stated", manifest: Self.with(#""activation""#, #""inputs": 2, "activation""#), expected: "")
        #expect(try Chip.loadNumPyManifest(path: try Self.write(stated).manifest).inputCount == 2)
    }
}

import Foundation
import Testing

@testable import NeuroFailCLI

/// Real files from real exporters (Tests/ONNX/make_models.py: scikit-learn MLPs through skl2onnx, graphs written
/// with the onnx package's helpers): `predict` against onnxruntime, every command on an imported chip, and the
/// refusals. Skipped, with one line, when Python or its packages are missing.
@Suite(.enabled(if: ONNXModels.available, Comment(rawValue: ONNXModels.skipReason)))
struct ONNXExporterTests {
    /// onnxruntime's outputs for a model: rows, argmax, and what the outputs are.
    struct Expected: Decodable {
        let outputs: [[Double]]
        let argmax: [Int]
        let kind: String
    }

    func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: ONNXModels.path(name + ".expected.json"))))
    }

    /// `predict` equals onnxruntime to 1e-6 relative (1e-12 for the float64 export). The float32 models are computed
    /// by onnxruntime in float32 and here in float64, so a value that cancels to near 0 is compared relative to its
    /// row's largest magnitude: that is the precision float32 arithmetic has for it.
    @Test(arguments: ONNXModels.accepted)
    func predictMatchesOnnxruntime(model: String) throws {
        let r = neurofail("predict", ONNXModels.path(model + ".onnx"), "--inputs", ONNXModels.path(model + ".inputs.csv"), "--json")
        #expect(r.status == 0, "\(r.err)")
        let ours = json(r)
        let reference = try expected(model)
        let rows = ours["outputs"] as? [[Double]] ?? []
        #expect(rows.count == reference.outputs.count && rows.count >= 25)
        #expect(ours["argmax"] as? [Int] == reference.argmax)
        #expect(ours["outputKind"] as? String == reference.kind)
        let tolerance = model.hasSuffix("float64") ? 1e-12 : 1e-6
        var worst = 0.0
        for (a, b) in zip(rows, reference.outputs) {
            #expect(a.count == b.count)
            let scale = b.map(abs).max() ?? 0
            for (x, y) in zip(a, b) {
                let error = abs(x - y) / max(abs(y), scale, .leastNormalMagnitude)
                worst = max(worst, error)
                #expect(error <= tolerance, "\(model): \(x) vs onnxruntime \(y)")
            }
        }
        #expect(worst > 0 || model.hasSuffix("float64"), "float32 arithmetic should differ somewhere: is the reference ours?")
    }

    @Test func scoresFlagShowsTheLinearReadoutBeforeTheSoftmax() throws {
        let model = ONNXModels.path("sklearn-relu.onnx"), inputs = ONNXModels.path("sklearn-relu.inputs.csv")
        let probabilities = json(neurofail("predict", model, "--inputs", inputs, "--json"))["outputs"] as? [[Double]] ?? []
        let scores = json(neurofail("predict", model, "--inputs", inputs, "--json", "--scores"))
        #expect(scores["outputKind"] as? String == "scores")
        for (z, p) in zip(scores["outputs"] as? [[Double]] ?? [], probabilities) {
            // softmax(z) computed here independently of OutputTransform.
            let top = z.max() ?? 0
            let e = z.map { exp($0 - top) }
            let total = e.reduce(0, +)
            for (a, b) in zip(e.map { $0 / total }, p) { #expect(abs(a - b) <= 1e-15) }
        }
        let text = neurofail("predict", model, "--inputs", inputs).out
        #expect(text.contains("outputs are probabilities (softmax of the linear scores)"))
    }

    /// Every command that takes a chip takes the ONNX file, and gives what it gives on the converted chip JSON.
    @Test(arguments: ["sklearn-relu", "sklearn-tanh", "sklearn-logistic", "gemm-transb", "matmul-add", "smooth", "conv2d", "conv1d"])
    func everyCommandTakesTheModelAndAgreesWithItsConversion(model: String) throws {
        let onnx = ONNXModels.path(model + ".onnx"), inputs = ONNXModels.path(model + ".inputs.csv")
        let converted = temporaryFolder() + "/\(model).json"
        let c = neurofail("convert", onnx, converted)
        #expect(c.status == 0 && c.out.contains("wrote \(converted)"), "\(c.err)")
        let inspect = json(neurofail("inspect", onnx, "--json"))
        let depth = (inspect["widths"] as? [Int] ?? []).count
        #expect(depth >= 1)
        let failures = Array(repeating: "1", count: depth).joined(separator: ",")
        let commands: [[String]] = [
            ["inspect", "--json"], ["erf", "--failures", failures, "--json"],
            ["omega", "--failures", failures, "--inputs", inputs, "--json"],
            ["tolerance", "--budget", "0.5", "--json"], ["predict", "--inputs", inputs, "--json"],
            ["rank", "--inputs", inputs, "--json"],
        ]
        for command in commands {
            let a = neurofail([command[0], onnx] + command.dropFirst())
            let b = neurofail([command[0], converted] + command.dropFirst())
            #expect(a.status == 0 && b.status == 0, "\(command[0]): \(a.err) \(b.err)")
            // Identical but for the file name (the converted chip's provenance names the ONNX file as its source).
            func masked(_ text: String) -> String {
                text.replacingOccurrences(of: converted, with: "F").replacingOccurrences(of: onnx, with: "F")
            }
            #expect(masked(a.out) == masked(b.out), "\(command[0])")
        }
        let compare = neurofail("compare", onnx, converted, "--failures", failures, "--json")
        #expect(compare.status == 0, "\(compare.err)")
    }

    @Test func aScenarioFliesAnONNXChipAndItsTraceReplays() throws {
        let dir = temporaryFolder()
        try FileManager.default.copyItem(atPath: ONNXModels.path("sklearn-relu.onnx"), toPath: dir + "/chip.onnx")
        let text = """
            {"format": "neurofail.scenario/1", "chip": "chip.onnx", "durationYears": 3, "checkpointYears": 1,
             "workload": {"random": 16, "seed": 1}, "budget": 0.5, "seed": 3, "runs": 2,
             "failures": [{"model": "radiation-latchup", "components": "neurons", "rate": 0.5}]}
            """
        try text.write(toFile: dir + "/s.json", atomically: true, encoding: .utf8)
        let m = neurofail("mission", dir + "/s.json", "--out", dir + "/m")
        #expect(m.status == 0, "\(m.err)")
        #expect(m.out.contains("Checks: Omega_max > Erf (must never happen): 0 rows"))
        let r = neurofail("replay", dir + "/m/trace.csv", "--scenario", dir + "/s.json", "--out", dir + "/r")
        #expect(r.status == 0, "\(r.err)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/m/timeline.csv")) == Data(contentsOf: URL(fileURLWithPath: dir + "/r/timeline.csv")))
    }

    @Test func theProvenanceSaysHowEachLayerWasMapped() throws {
        let out = temporaryFolder() + "/c.json"
        #expect(neurofail("convert", ONNXModels.path("sklearn-logistic.onnx"), out, "--input-domain", "0,2").status == 0)
        let chip = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any] ?? [:]
        let provenance = chip["provenance"] as? [String: Any] ?? [:]
        #expect((provenance["producer"] as? String)?.hasPrefix("skl2onnx") == true)
        let layers = provenance["layers"] as? [String] ?? []
        #expect(layers.count == 4)
        #expect(layers[0].contains("-> sigmoid K=0.25 (ONNX's 1/(1+e^-x) is sigmoid_K = 1/(1+e^(-4Kx)) with K = 1/4)"))
        #expect(layers[3].contains("(Softmax) -> outputTransform softmax"))
        #expect((provenance["postProcessing"] as? String)?.contains("ZipMap") == false, "zipmap was off for this model")
        #expect(chip["outputTransform"] as? String == "softmax")
        #expect((chip["inputDomain"] as? [String: Double]) == ["lower": 0, "upper": 2])
    }

    /// The models that must be refused, each with the words refused.json lists: one line, exit 2, nothing on stdout.
    @Test func unsupportedModelsAreOneLineNamingFileNodeAndField() throws {
        let refused = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ONNXModels.path("refused.json")))) as? [String: [String]] ?? [:]
        #expect(refused.count >= 8)
        for (name, words) in refused.sorted(by: { $0.key < $1.key }) {
            let path = ONNXModels.path(name + ".onnx")
            for command in [["inspect"], ["predict", "--random-inputs", "3"], ["convert", temporaryFolder() + "/x.json"]] {
                let r = neurofail([command[0], path] + command.dropFirst())
                expectBadInput(r, "\(path): ")
                for w in words { #expect(r.err.contains(w), "\(name) \(command[0]): \(r.err)") }
            }
        }
    }

    @Test func aTruncatedModelIsRefusedWhereverItIsCut() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ONNXModels.path("sklearn-relu.onnx")))
        let path = temporaryFolder() + "/cut.onnx"
        var refusedCount = 0
        // Every 7th cut (and the last byte): each either loads (a cut after the graph) or is one line, exit 2.
        for length in Array(stride(from: 0, to: bytes.count, by: 7)) + [bytes.count - 1] {
            try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
            let r = neurofail("inspect", path)
            if r.status != 0 {
                refusedCount += 1
                expectBadInput(r, "\(path): ")
            }
        }
        #expect(refusedCount > bytes.count / 7 - 3)
    }
}

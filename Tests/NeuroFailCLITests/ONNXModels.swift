import Foundation
import NeuroFailTestSupport

/// The ONNX models of Tests/ONNX/make_models.py, made once per test run by the real exporters (skl2onnx, the onnx
/// package's helpers) with onnxruntime's outputs beside them, in a temporary folder. Nil when Python or one of its
/// packages is missing: the tests that need them are then skipped with ``skipReason``.
enum ONNXModels {
    /// The packages make_models.py imports.
    static let packages = ["numpy", "sklearn", "onnx", "onnxruntime", "skl2onnx"]

    /// Runs the project's Python (``TestPython``: $NEUROFAIL_PYTHON, else <repo>/.venv, else python3 on PATH) with
    /// `arguments`; its exit status and standard error.
    private static func run(_ arguments: [String]) -> (status: Int32, err: String) {
        do {
            let result = try TestPython.run(arguments)
            return (result.status, result.err)
        } catch {
            return (-1, "\(error)")
        }
    }

    private static var python: String { TestPython.interpreter ?? "python3" }

    /// The folder of generated models, or the reason there is none.
    static let folder: Result<String, SkipReason> = {
        let check = run(["-c", "import " + packages.joined(separator: ", ")])
        guard check.status == 0 else {
            return .failure(SkipReason(text: "needs \(python) with \(packages.joined(separator: ", ")) (set NEUROFAIL_PYTHON or create .venv, see Docs/chip-format.md)"))
        }
        let dir = temporaryFolder()
        let made = run([repo("Tests/ONNX/make_models.py"), dir])
        guard made.status == 0 else {
            return .failure(SkipReason(text: "Tests/ONNX/make_models.py failed: \(made.err.split(separator: "\n").last ?? "")"))
        }
        return .success(dir)
    }()

    struct SkipReason: Error { let text: String }

    /// Whether the models exist (for `.enabled(if:)`).
    static var available: Bool { (try? folder.get()) != nil }

    /// Why they do not, for the skip message.
    static var skipReason: String {
        if case let .failure(reason) = folder { return reason.text }
        return ""
    }

    /// The path of a generated file.
    static func path(_ name: String) -> String { ((try? folder.get()) ?? "/nonexistent") + "/" + name }

    /// The models NeuroFail must accept (they have expected outputs).
    static let accepted = [
        "sklearn-relu", "sklearn-tanh", "sklearn-logistic", "sklearn-regressor", "sklearn-float64", "gemm-transb",
        "matmul-add", "smooth", "conv2d", "conv1d",
    ]
}

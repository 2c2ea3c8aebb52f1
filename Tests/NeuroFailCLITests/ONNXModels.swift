import Foundation

/// The ONNX models of Tests/ONNX/make_models.py, made once per test run by the real exporters (skl2onnx, the onnx
/// package's helpers) with onnxruntime's outputs beside them, in a temporary folder. Nil when Python or one of its
/// packages is missing: the tests that need them are then skipped with ``skipReason``.
enum ONNXModels {
    /// The packages make_models.py imports.
    static let packages = ["numpy", "sklearn", "onnx", "onnxruntime", "skl2onnx"]

    // LOCAL PYTHON LOOKUP (temporary): the `selfcontained` branch writes the project's shared lookup and the `.ci/run`
    // virtual environment; this copy follows the same order and is to be replaced by it when the branches merge:
    // $NEUROFAIL_PYTHON if set, else <repo>/.venv/bin/python3 if it exists, else python3 on PATH.
    static var python: String {
        if let given = ProcessInfo.processInfo.environment["NEUROFAIL_PYTHON"], !given.isEmpty { return given }
        let venv = repo(".venv/bin/python3")
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return "python3"
    }

    /// Runs `python` with `arguments`; its exit status and standard error.
    private static func run(_ arguments: [String]) -> (status: Int32, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

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
        "matmul-add", "smooth",
    ]
}

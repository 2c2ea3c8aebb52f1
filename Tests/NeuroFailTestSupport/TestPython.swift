import Foundation

/// The one place where tests find Python: every test that runs a Python program (the paper reference, ONNX
/// exporters, onnxruntime) goes through here, so the lookup is the same everywhere and documented once
/// (Docs/testing.md).
///
/// The interpreter is, in order:
/// 1. `$NEUROFAIL_PYTHON` if it is set (if it names no executable file, there is no interpreter: a way to run the
///    suite as a machine without Python would);
/// 2. `<repository>/.venv/bin/python3` if it exists (`.ci/run` makes that virtual environment and installs the
///    packages the tests use into it);
/// 3. `python3` on `PATH`.
///
/// Tests that need Python or a package declare it with Swift Testing's
/// `.enabled(if: TestPython.canImport("numpy"), "…")`, so a clone without them reports the skip instead of failing.
public enum TestPython {
    /// The repository root, from this file's path (Tests/NeuroFailTestSupport/TestPython.swift).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The interpreter's absolute path, or nil when none of the three places has one.
    public static let interpreter: String? = locate(environment: ProcessInfo.processInfo.environment)

    /// The lookup itself, for a given environment (tests of the lookup pass their own).
    public static func locate(environment: [String: String], repository: URL = repositoryRoot) -> String? {
        let files = FileManager.default
        if let chosen = environment["NEUROFAIL_PYTHON"], !chosen.isEmpty {
            return files.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let venv = repository.appendingPathComponent(".venv/bin/python3").path
        if files.isExecutableFile(atPath: venv) { return venv }
        for folder in (environment["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/python3"
            if files.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// True when there is an interpreter and it imports every one of `modules` (e.g. "numpy", "onnx").
    public static func canImport(_ modules: String...) -> Bool {
        guard interpreter != nil else { return false }
        let program = modules.isEmpty ? "pass" : "import " + modules.joined(separator: ", ")
        return (try? run(["-c", program]).status) == 0
    }

    /// What one run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status (or the terminating signal's number).
        public let status: Int32
        /// Everything written to standard output.
        public let out: String
        /// Everything written to standard error.
        public let err: String
    }

    /// Why a run could not start.
    public enum Failure: Error, CustomStringConvertible {
        /// No interpreter was found (see ``TestPython``).
        case noInterpreter

        public var description: String {
            "no python3: set NEUROFAIL_PYTHON, make <repository>/.venv, or put python3 on PATH"
        }
    }

    /// Runs the interpreter with `arguments` (a script path and its arguments, or `-c` and a program) and waits.
    /// Output goes through files rather than pipes, so a chatty standard error cannot block the child.
    public static func run(_ arguments: [String]) throws -> Result {
        guard let interpreter else { throw Failure.noInterpreter }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("neurofail-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(
            status: process.terminationStatus,
            out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

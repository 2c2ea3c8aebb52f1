import Foundation
import NeuroFailTestSupport
import Testing

/// The Python lookup that every Python-using test relies on: NEUROFAIL_PYTHON, then .venv, then PATH.
struct TestPythonTests {
    /// A folder holding an executable file named `python3`, standing in for an interpreter.
    private func fakeInterpreterFolder() throws -> String {
        let folder = temporaryFolder()
        let path = folder + "/python3"
        try "#!/bin/sh\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return folder
    }

    @Test func environmentVariableWinsOverVirtualEnvironmentAndPath() throws {
        let chosen = try fakeInterpreterFolder() + "/python3"
        let repository = URL(fileURLWithPath: try fakeInterpreterFolder())
        let found = TestPython.locate(
            environment: ["NEUROFAIL_PYTHON": chosen, "PATH": try fakeInterpreterFolder()], repository: repository)
        #expect(found == chosen)
    }

    @Test func environmentVariableNamingNothingMeansNoPython() throws {
        let found = TestPython.locate(
            environment: ["NEUROFAIL_PYTHON": "/nonexistent/python3", "PATH": try fakeInterpreterFolder()])
        #expect(found == nil)
    }

    @Test func virtualEnvironmentInTheRepositoryWinsOverPath() throws {
        let repository = temporaryFolder()
        try FileManager.default.createDirectory(atPath: repository + "/.venv/bin", withIntermediateDirectories: true)
        let venvPython = repository + "/.venv/bin/python3"
        try FileManager.default.copyItem(atPath: try fakeInterpreterFolder() + "/python3", toPath: venvPython)
        let found = TestPython.locate(
            environment: ["PATH": try fakeInterpreterFolder()], repository: URL(fileURLWithPath: repository))
        #expect(found == venvPython)
    }

    @Test func pathIsSearchedInOrderWhenNothingElseIsThere() throws {
        let empty = temporaryFolder()
        let first = try fakeInterpreterFolder()
        let second = try fakeInterpreterFolder()
        let found = TestPython.locate(
            environment: ["PATH": "\(empty):\(first):\(second)"], repository: URL(fileURLWithPath: empty))
        #expect(found == first + "/python3")
        #expect(TestPython.locate(environment: ["PATH": empty], repository: URL(fileURLWithPath: empty)) == nil)
    }

    @Test func noInterpreterMeansNoModuleCanBeImported() {
        if TestPython.interpreter == nil { #expect(!TestPython.canImport("json")) }
        else { #expect(TestPython.canImport("json")) }  // the standard library is always there
        #expect(!TestPython.canImport("neurofail_no_such_module_exists"))
    }
}

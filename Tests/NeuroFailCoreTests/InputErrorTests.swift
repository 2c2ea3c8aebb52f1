import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

struct InputErrorTests {
    /// A FIFO (what `<(command)` gives) is read to its end, not reported as "cannot be read (permissions?)".
    @Test func aFIFOIsReadToItsEnd() throws {
        let path = Scratch.folder + "nf-fifo-\(UUID().uuidString)"
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            for _ in 0..<3 { _ = AtomicFile.writeAll(Data("0.5,0.5\n".utf8), to: fd) }
            close(fd)
        }
        writer.start()
        #expect(try InputError.readFile(path) == Data(String(repeating: "0.5,0.5\n", count: 3).utf8))
    }

    @Test func aMissingFileAndAFolderAreNamedAsSuch() {
        #expect(throws: InputError.unreadable(file: "/no/such", reason: "no such file")) { try InputError.readFile("/no/such") }
        let dir = Scratch.folder
        #expect(throws: InputError.unreadable(file: dir, reason: "is a directory, expected a file")) { try InputError.readFile(dir) }
    }

    /// A path with a newline or an ANSI escape prints as one line with the control characters escaped.
    @Test func controlCharactersInAFileNameAreEscaped() {
        let error = InputError.unreadable(file: "a\nb\u{1B}[31m.json", reason: "no such file")
        #expect(error.description == "a\\nb\\u{1B}[31m.json: no such file")
    }
}

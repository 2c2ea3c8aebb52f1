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

    /// Files read whole: empty, under a huge page, and long enough to be read in parts side by side (odd sizes, so
    /// the parts' ends fall mid-page): every byte back in its place.
    @Test func aRegularFileIsReadWholeInOnePartOrInParts() throws {
        var rng = Xoshiro256(seed: 21)
        let part = InputError.readPartBytes
        for size in [0, 1, 4_097, HugePages.size + 3, 2 * part + 5, 5 * part + 7] {
            let bytes = Data((0..<size).map { _ in UInt8(truncatingIfNeeded: rng.nextIndex(256)) })
            let path = Scratch.folder + "nf-read-\(UUID().uuidString)"
            #expect(FileManager.default.createFile(atPath: path, contents: bytes))
            defer { unlink(path) }
            let read = try InputError.readFile(path)
            #expect(read.count == size)
            #expect(read == bytes, "\(size) bytes")
        }
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

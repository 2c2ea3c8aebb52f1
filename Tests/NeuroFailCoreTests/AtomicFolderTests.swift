import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

struct AtomicFolderTests {
    private let owned: Set<String> = ["a.csv", "b.csv", "c.csv"]

    /// A fresh parent folder, and the path of a folder `out` inside it.
    private func place() -> (parent: String, out: String) {
        let parent = Scratch.folder + "neurofail-folder-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        return (parent, parent + "/out")
    }

    private func contents(_ folder: String) throws -> [String: String] {
        var out = [String: String]()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        return out
    }

    private func files(_ pairs: [String: String]) -> [(name: String, data: Data)] {
        pairs.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) }
    }

    @Test func aRerunReplacesTheFolderAndLeavesNoStaleFile() throws {
        let (parent, out) = place()
        try AtomicFolder.replace(out, with: files(["a.csv": "1", "b.csv": "2", "c.csv": "3"]), owned: owned)
        #expect(try contents(out) == ["a.csv": "1", "b.csv": "2", "c.csv": "3"])
        try AtomicFolder.replace(out + "/", with: files(["a.csv": "new"]), owned: owned)
        #expect(try contents(out) == ["a.csv": "new"])
        // Nothing is left beside it: no staging or old folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])
    }

    @Test func missingParentFoldersAreCreated() throws {
        let (parent, _) = place()
        try AtomicFolder.replace(parent + "/x/y/out", with: files(["a.csv": "1"]), owned: owned)
        #expect(try contents(parent + "/x/y/out") == ["a.csv": "1"])
    }

    /// A symbolic link, a regular file or a FIFO at the path is refused, not followed and not replaced.
    @Test func nonFoldersAreRefusedAndLeftAlone() throws {
        let (parent, out) = place()
        let target = parent + "/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try "keep".write(toFile: target + "/a.csv", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: target)
        #expect(throws: InputError.unreadable(file: out, reason: "exists and is a symbolic link, not a folder; refusing to replace it")) {
            try AtomicFolder.replace(out, with: files(["a.csv": "1"]), owned: owned)
        }
        #expect(try contents(target) == ["a.csv": "keep"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out) == target)

        let file = parent + "/file"
        try "mine".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: InputError.unreadable(file: file, reason: "exists and is a regular file, not a folder; refusing to replace it")) {
            try AtomicFolder.replace(file, with: files(["a.csv": "1"]), owned: owned)
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")

        let fifo = parent + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: InputError.unreadable(file: fifo, reason: "exists and is a FIFO, not a folder; refusing to replace it")) {
            try AtomicFolder.replace(fifo, with: files(["a.csv": "1"]), owned: owned)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).sorted() == ["fifo", "file", "out", "target"])
    }

    /// A folder holding anything the caller did not write (a user's file, a subfolder, a link) is not replaced.
    @Test func foldersWithForeignEntriesAreRefused() throws {
        let (_, out) = place()
        try AtomicFolder.replace(out, with: files(["a.csv": "1"]), owned: owned)
        try "notes".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try AtomicFolder.replace(out, with: files(["a.csv": "2"]), owned: owned) }
        #expect(try contents(out) == ["a.csv": "1", "notes.txt": "notes"])
        try FileManager.default.removeItem(atPath: out + "/notes.txt")
        try FileManager.default.createSymbolicLink(atPath: out + "/b.csv", withDestinationPath: "/etc/hostname")
        #expect(throws: InputError.self) { try AtomicFolder.checkReplaceable(out, owned: owned) }
        #expect(throws: InputError.self) { try AtomicFolder.checkReplaceable(".", owned: owned) }
    }

    /// Interrupted after the new files are written and before the swap, the old folder is intact and the staging
    /// folder is removed.
    @Test func anInterruptionBeforeTheSwapLeavesTheOldFolderIntact() throws {
        let (parent, out) = place()
        try AtomicFolder.replace(out, with: files(["a.csv": "old", "b.csv": "old"]), owned: owned)
        #expect(throws: InputError.usage("interrupted")) {
            try AtomicFolder.replace(out, with: files(["a.csv": "new"]), owned: owned) { () throws(InputError) in
                throw InputError.usage("interrupted")
            }
        }
        #expect(try contents(out) == ["a.csv": "old", "b.csv": "old"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["out"])
        #expect(throws: InputError.self) { try AtomicFolder.replace(out, with: files(["../x": "1"]), owned: owned) }
        #expect(try contents(out) == ["a.csv": "old", "b.csv": "old"])
    }
}

import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// What `--out` and `--checkpoint` may do to what is already at the path (issue 12: a symbolic link, a FIFO or a
/// device was replaced by a regular file).
struct AtomicFileTests {
    /// A fresh empty folder.
    private func folder() -> String {
        let path = Scratch.folder + "neurofail-atomic-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func type(_ path: String) -> mode_t? { try? FileType.of(path) }

    @Test func aNewFileIsWrittenWithItsParentsAndNoTemporaryIsLeft() throws {
        let dir = folder()
        try AtomicFile.write("x\n", to: dir + "/a/b/out.txt")
        #expect(try String(contentsOfFile: dir + "/a/b/out.txt", encoding: .utf8) == "x\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a/b") == ["out.txt"])
        #expect(Temporaries.registered.allSatisfy { !$0.hasPrefix(dir) })
    }

    @Test func aRegularFileIsReplacedAndKeepsItsPermissions() throws {
        let dir = folder()
        let path = dir + "/out.txt"
        try AtomicFile.write("old", to: path)
        chmod(path, 0o640)
        try AtomicFile.write("new", to: path)
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    }

    @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
        let dir = folder()
        try AtomicFile.write("old", to: dir + "/target.txt")
        symlink("target.txt", dir + "/link.txt")
        try AtomicFile.write("new", to: dir + "/link.txt")
        #expect(type(dir + "/link.txt") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/target.txt", encoding: .utf8) == "new")
        // A dangling link creates its target.
        symlink("sub/made.txt", dir + "/dangling.txt")
        try AtomicFile.write("made", to: dir + "/dangling.txt")
        #expect(type(dir + "/dangling.txt") == S_IFLNK)
        #expect(try String(contentsOfFile: dir + "/sub/made.txt", encoding: .utf8) == "made")
    }

    @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
        let dir = folder()
        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        // No reader: refused at once rather than blocking.
        #expect(throws: InputError.unreadable(file: fifo, reason: "cannot write: is a FIFO with no reader")) {
            try AtomicFile.write("x", to: fifo)
        }
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        try AtomicFile.write("through\n", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buffer, 64)
        close(reader)
        #expect(n == 8 && String(decoding: buffer[0..<8], as: UTF8.self) == "through\n")
        #expect(type(fifo) == S_IFIFO)
    }

    @Test func aCharacterDeviceIsWrittenThroughAndNotReplaced() throws {
        try AtomicFile.write("discarded", to: "/dev/null")
        #expect(type("/dev/null") == S_IFCHR)
        // /dev/fd/1 (what /dev/stdout links to) names a descriptor, not a file to rename over: written through.
        #expect(try AtomicFile.resolve("/dev/fd/1").type == S_IFCHR)
    }

    @Test func aFolderOrASocketIsRefusedWithOneLine() throws {
        let dir = folder()
        #expect(throws: InputError.unreadable(file: dir, reason: "is a folder; refusing to write over it (give a file path)")) {
            try AtomicFile.write("x", to: dir)
        }
    }

    @Test func aFullDiskIsReportedAsSuchAndLeavesNoTemporary() throws {
        // /dev/full accepts opens and fails every write with ENOSPC: written through, the reason is the system's.
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        #expect(throws: InputError.unreadable(file: "/dev/full", reason: "cannot write: No space left on device")) {
            try AtomicFile.write("x", to: "/dev/full")
        }
    }

    @Test func aReadOnlyFolderNamesTheSystemsReason() throws {
        guard getuid() != 0 else { return }  // root writes anywhere
        let dir = folder()
        chmod(dir, 0o500)
        defer { chmod(dir, 0o700) }
        #expect(throws: InputError.unreadable(file: dir + "/x", reason: "cannot write: Permission denied")) {
            try AtomicFile.write("x", to: dir + "/x")
        }
    }

    @Test func aKilledWritersTemporaryIsSweptByTheNextWrite() throws {
        let dir = folder()
        // pid 2^22 + 1 is above Linux's default pid_max (2^22), so no process has it.
        let stale = dir + "/.out.txt.4194305.abc.tmp"
        let live = dir + "/.out.txt.\(getpid()).def.tmp"
        let other = dir + "/.other.txt.4194305.abc.tmp"
        for p in [stale, live, other] { _ = FileManager.default.createFile(atPath: p, contents: Data()) }
        try AtomicFile.write("x", to: dir + "/out.txt")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
        #expect(left == ["out.txt", (live as NSString).lastPathComponent, (other as NSString).lastPathComponent])
    }
}

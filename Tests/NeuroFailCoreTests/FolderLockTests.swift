import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// Two writers of one report folder (issue 12: concurrent missions into one --out mixed their files).
struct FolderLockTests {
    private func folder() -> String {
        let path = Scratch.folder + "neurofail-lock-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aLockHeldByAnotherOpenFileIsRefusedWithOneLine() throws {
        let dir = folder()
        // Another process's lock: an flock on its own open file description of the lock file.
        let other = open(dir + "/.out.lock", O_RDWR | O_CREAT, 0o666)
        #expect(flock(other, LOCK_EX | LOCK_NB) == 0)
        #expect(throws: InputError.unreadable(
            file: dir + "/out",
            reason: "another neurofail is writing this folder (lock \(dir)/.out.lock); wait for it or give another --out")) {
            _ = try FolderLock(folder: dir + "/out")
        }
        close(other)
        let lock = try FolderLock(folder: dir + "/out")
        lock.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "the lock file is removed")
    }

    @Test func oneProcessMayHoldItsOwnLockTwice() throws {
        let dir = folder()
        let first = try FolderLock(folder: dir + "/out")
        let second = try FolderLock(folder: dir + "/out")
        second.release()
        #expect(FileManager.default.fileExists(atPath: dir + "/.out.lock"), "still held by the first")
        first.release()
        first.release()
        #expect(!FileManager.default.fileExists(atPath: dir + "/.out.lock"))
    }
}

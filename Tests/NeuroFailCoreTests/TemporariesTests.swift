import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

struct TemporariesTests {
    private func folder() -> String {
        let path = Scratch.folder + "neurofail-temporaries-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func onlyEntriesOfDeadProcessesWithTheNameAreSwept() throws {
        let dir = folder()
        let dead = "4194305"  // above Linux's default pid_max of 2^22
        let names = [".r.new-\(dead)-1", ".r.new-\(getpid())-2", ".r.new-x-3", "r", ".s.new-\(dead)-4"]
        for name in names { try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true) }
        Temporaries.sweepStale(in: dir, prefix: ".r.new-")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == Set(names.filter { $0 != ".r.new-\(dead)-1" }))
    }

    @Test func removeAllRemovesFilesAndFoldersAndPutsAsideFoldersBack() throws {
        let dir = folder()
        let file = dir + "/.x.1.tmp"
        let staging = dir + "/.r.new-1"
        let aside = dir + "/.r.old-1"
        _ = FileManager.default.createFile(atPath: file, contents: Data("t".utf8))
        try FileManager.default.createDirectory(atPath: staging + "/inner", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: aside + "/a.csv", contents: Data("old".utf8))
        Temporaries.register(file)
        Temporaries.register(staging)
        Temporaries.register(aside, restoringTo: dir + "/r")
        Temporaries.removeAll()
        for p in [file, staging, aside] { Temporaries.unregister(p) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["r"])
        #expect(try String(contentsOfFile: dir + "/r/a.csv", encoding: .utf8) == "old")
    }
}

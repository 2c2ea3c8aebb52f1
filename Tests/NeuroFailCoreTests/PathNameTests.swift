import Foundation
import Testing

@testable import NeuroFailCore

struct PathNameTests {
    /// Foundation's NSString as the reference, on paths it handles (two characters or more, or with a slash).
    @Test(arguments: ["ab", "a/b", "/a", "/", "a/b/", "/a/b//", "./o", "x/o", "../x", "dir/sub/file.json", "/ab/"])
    func partsMatchFoundationsWhereFoundationWorks(_ path: String) {
        #expect(PathName.parent(path) == (path as NSString).deletingLastPathComponent, "\(path)")
        #expect(PathName.name(path) == (path as NSString).lastPathComponent, "\(path)")
        #expect(PathName.joined(PathName.parent(path), "x") == ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("x") || PathName.parent(path).isEmpty)
    }

    /// One character without a slash, where Foundation's deletingLastPathComponent traps (by hand: no folder part).
    @Test func aOneCharacterPathHasNoParent() {
        #expect(PathName.parent("o") == "" && PathName.name("o") == "o")
        #expect(PathName.parent("") == "" && PathName.name("") == "")
        // Slashes only are the root (Foundation gives "" for "//").
        #expect(PathName.parent("//") == "/" && PathName.name("//") == "/")
        #expect(PathName.joined("", "o") == "o" && PathName.joined("a", "o") == "a/o" && PathName.joined("/", "o") == "/o")
    }
}

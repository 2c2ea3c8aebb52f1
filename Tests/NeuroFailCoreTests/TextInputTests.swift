import Foundation
import Testing

@testable import NeuroFailCore

struct TextInputTests {
    @Test func byteOrderMarkIsFoundOnlyAtTheStart() {
        #expect(TextInput.textStart([0xEF, 0xBB, 0xBF, 0x31]) == 3)
        #expect(TextInput.textStart([0x31, 0xEF, 0xBB, 0xBF]) == 0)
        #expect(TextInput.textStart([0xEF, 0xBB]) == 0)
        #expect(TextInput.decode(Data([0xEF, 0xBB, 0xBF] + Array("a,b".utf8))) == "a,b")
        #expect(TextInput.decode(Data([0xFF, 0xFE])) == nil)
    }

    @Test func linesEndAtLineFeedCarriageReturnOrBoth() {
        #expect(TextInput.lines("a\r\nb\nc\rd") == ["a", "b", "c", "d"])
        #expect(TextInput.lines("a\r\n") == ["a", ""])
        let bytes = Array("ab\r\ncd\ref\n".utf8)
        var starts: [Int] = []
        var ends: [Int] = []
        var i = 0
        while i < bytes.count {
            let (end, next) = TextInput.line(from: i, count: bytes.count) { bytes[$0] }
            starts.append(i)
            ends.append(end)
            i = next
        }
        #expect(starts == [0, 4, 7])  // "ab", "cd", "ef": CRLF is one terminator, a lone CR another
        #expect(ends == [2, 6, 9])
    }

    @Test func excerptKeepsAShortPrefixOnOneLine() {
        #expect(TextInput.excerpt("short") == "short")
        #expect(TextInput.excerpt(String(repeating: "x", count: 100)) == String(repeating: "x", count: 40) + "…")
        #expect(TextInput.excerpt("a\r\nb\tc\rd") == "a\\nb\\tc\\rd")
    }
}

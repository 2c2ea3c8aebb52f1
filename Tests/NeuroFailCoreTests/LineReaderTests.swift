import Foundation
import NeuroFailTestSupport
import Testing

@testable import NeuroFailCore

/// `LineReader` against `TextInput.lines` (the whole-string split every other reader uses) as the reference.
struct LineReaderTests {
    /// The lines of the file at `path`, read in chunks.
    func lines(_ path: String, maxLineBytes: Int = 1 << 20) throws(InputError) -> [String] {
        var out = [String]()
        var expectedNumber = 1
        try LineReader.forEachLine(in: path, maxLineBytes: maxLineBytes) { line, number in
            #expect(number == expectedNumber)
            expectedNumber += 1
            out.append(String(line))
        }
        return out
    }

    func write(_ bytes: [UInt8]) -> String {
        let path = Scratch.folder + "nf-\(UUID().uuidString).csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The reference: `TextInput.lines` of the decoded text, without the empty element a final terminator leaves.
    func reference(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        var lines = TextInput.lines(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).map(String.init)
        // By scalars: "\r\n" is one Character, so hasSuffix("\n") is false for it.
        if let last = text.unicodeScalars.last, last == "\n" || last == "\r" { lines.removeLast() }
        return lines
    }

    @Test(arguments: [
        "a\nb\n", "a\r\nb\r\n", "a\rb\r", "a\nb", "\u{FEFF}a,b\r\n1,2\r\n", "\n\n\r\n\r", "", "é,ü\n€\n",
        "x\r\n\r\ny",
    ])
    func linesMatchTheWholeStringSplit(_ text: String) throws {
        #expect(try lines(write(Array(text.utf8))) == reference(text))
    }

    /// Terminators that fall on a chunk boundary: a "\r" as the last byte of a chunk and its "\n" first in the next
    /// is one terminator; a line that spans chunks is whole. Several megabytes of lines of varied lengths.
    @Test func chunkBoundariesSplitNothing() throws {
        var text = String(repeating: "x", count: LineReader.chunkBytes - 1) + "\r\n" + "after\n"
        var generator = SplitMix64(seed: 7)
        for i in 0..<60_000 {
            let length = Int(generator.next() % 90)
            let ending = ["\n", "\r\n", "\r"][Int(generator.next() % 3)]
            text += "\(i)," + String(repeating: "y", count: length) + ending
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 3 * LineReader.chunkBytes)
        #expect(bytes[LineReader.chunkBytes - 1] == 0x0D && bytes[LineReader.chunkBytes] == 0x0A)
        let read = try lines(write(bytes))
        #expect(read == reference(text))
        #expect(read[1] == "after")
    }

    /// A line beyond the limit is refused by its number once it grows past it, quoting 40 characters of its start;
    /// a 3 MB line gives a short message.
    @Test func aLineLongerThanTheLimitIsRefusedByNumberWithAShortQuote() throws {
        let path = write(Array(("ok\nfine\n" + String(repeating: "z", count: 3 << 20) + "\nnever\n").utf8))
        #expect(throws: InputError.malformed(
            file: path, location: "line 3",
            reason: "longer than 1000 bytes, the longest line accepted; it starts \"\(String(repeating: "z", count: 40))…\"")) {
            try lines(path, maxLineBytes: 1000)
        }
        // At the limit exactly, the line is read.
        let exact = write(Array((String(repeating: "q", count: 1000) + "\r\n").utf8))
        #expect(try lines(exact, maxLineBytes: 1000) == [String(repeating: "q", count: 1000)])
        // A long line within the first chunk, ended by its terminator, is refused the same way.
        let short = write(Array(("head\n" + String(repeating: "w", count: 2000) + "\n").utf8))
        do {
            _ = try lines(short, maxLineBytes: 1000)
            Issue.record("accepted a 2000-byte line")
        } catch {
            #expect(error.description.hasPrefix("\(short): line 2: longer than 1000 bytes"))
            #expect(error.description.utf8.count < short.utf8.count + 150)
        }
    }

    @Test func aLineThatIsNotUTF8IsNamed() {
        let path = write(Array("good\n".utf8) + [0xFF, 0xFE, 0x0A])
        #expect(throws: InputError.malformed(file: path, location: "line 2", reason: "not UTF-8 text")) {
            try lines(path)
        }
    }

    @Test func aMissingFileOrAFolderIsRefused() {
        let missing = Scratch.folder + "nf-none-\(UUID().uuidString).csv"
        #expect(throws: InputError.unreadable(file: missing, reason: "no such file")) { try lines(missing) }
        let folder = Scratch.folder
        #expect(throws: InputError.unreadable(file: folder, reason: "is a directory, expected a file")) { try lines(folder) }
    }
}

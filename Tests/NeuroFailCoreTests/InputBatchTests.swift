import Foundation
import Testing

@testable import NeuroFailCore

struct InputBatchTests {
    @Test func readsRowsSkippingHeaderCommentsAndBlankLines() throws {
        let path = temporaryFile("x1,x2\n# comment\n0.5, 1\n\n0,0.25\r\n")
        let batch = try InputBatch.loadCSV(path: path, dimension: 2)
        #expect(batch.count == 2)
        #expect(batch.values == [0.5, 1, 0, 0.25])
    }

    @Test func rowOfTheWrongWidthNamesItsLine() {
        let path = temporaryFile("0,1\n0,1,2\n")
        #expect(throws: InputError.malformed(file: path, location: "line 2", reason: "has 3 numbers, expected 2 (the chip's inputs)")) {
            try InputBatch.loadCSV(path: path, dimension: 2)
        }
    }

    @Test func textInARowNamesLineAndColumn() {
        let path = temporaryFile("0,1\n0,abc\n")
        #expect(throws: InputError.malformed(file: path, location: "line 2, column 2", reason: "\"abc\" is not a number")) {
            try InputBatch.loadCSV(path: path, dimension: 2)
        }
    }

    @Test func gridCoversTheBoxInLexicographicOrder() {
        let g = InputBatch.grid(pointsPerAxis: 3, dimension: 2, domain: .unit)
        #expect(g.count == 9)
        #expect(Array(g.row(1)) == [0, 0.5])
        #expect(Array(g.row(8)) == [1, 1])
    }

    @Test func uniformInputsStayInTheDomainAndRepeatForASeed() {
        let d = InputDomain(lower: -2, upper: 3)
        let a = InputBatch.uniform(count: 100, dimension: 3, domain: d, seed: 9)
        #expect(a.values.allSatisfy(d.contains))
        #expect(a == InputBatch.uniform(count: 100, dimension: 3, domain: d, seed: 9))
    }

    /// The byte-level reader must give exactly the doubles Swift's own `Double(String)` gives, for every way a
    /// number can be written: short decimals (fast path), 17-digit round-trip forms, exponents, signs, spaces.
    @Test func readsTheSameDoublesAsDoubleFromString() throws {
        var rng = Xoshiro256(seed: 77)
        var texts = [String]()
        for i in 0..<3_000 {
            let x = (rng.nextUnit() - 0.3) * pow(10, Double(rng.nextIndex(12)) - 6)
            switch i % 6 {
            case 0: texts.append("\(x)")
            case 1: texts.append(String(format: "%.6f", x))
            case 2: texts.append(String(format: "%.3e", x))
            case 3: texts.append(" " + String(format: "%.17g", x) + " ")
            case 4: texts.append("+" + String(format: "%.2f", abs(x)))
            default: texts.append(String(format: "%.15f", x))
            }
        }
        let rows = stride(from: 0, to: texts.count, by: 3).map { texts[$0..<($0 + 3)].joined(separator: ",") }
        let batch = try InputBatch.loadCSV(path: temporaryFile(rows.joined(separator: "\n")), dimension: 3)
        let expected = texts.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        #expect(batch.count == 1_000)
        for (k, value) in batch.values.enumerated() {
            #expect(value == expected[k], "\(texts[k])")
        }
    }

    /// Every shape of plain decimal the eight-byte reader takes or hands back to the byte loop: 0 to 9 digits
    /// before the point, 0 to 9 after it, with and without the point and a minus sign, each ended by a comma, a line
    /// feed, a carriage return and line feed, or the end of the file (the last fields have fewer than 16 bytes
    /// after them): the same doubles as `Double(String)`, 3 times over with other digits.
    @Test func plainDecimalsOfEveryLengthReadTheSameDoublesAsDoubleFromString() throws {
        var rng = Xoshiro256(seed: 5)
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.nextIndex(10))) }) }
        var texts = [String]()
        for _ in 0..<3 {
            for whole in 0...9 {
                for fraction in 0...9 {
                    for point in [false, true] where point || fraction == 0 {
                        for sign in ["", "-"] where whole + fraction > 0 {
                            texts.append(sign + digits(whole) + (point ? "." : "") + digits(fraction))
                        }
                    }
                }
            }
        }
        let width = 5
        while texts.count % width != 0 { texts.append("7") }
        let ends = ["\n", "\r\n"]
        var file = ""
        for (r, start) in stride(from: 0, to: texts.count, by: width).enumerated() {
            let end = start + width < texts.count ? ends[r % 2] : ""
            file += texts[start..<(start + width)].joined(separator: ",") + end
        }
        let batch = try InputBatch.loadCSV(path: temporaryFile(file), dimension: width)
        #expect(batch.count == texts.count / width)
        for (k, value) in batch.values.enumerated() {
            #expect(value == Double(texts[k]), "\(texts[k])")
        }
    }

    /// The bytes just outside '0'...'9' end a digit run ('/' 0x2F, ':' 0x3A), so a number followed by one is no
    /// number, not a shorter one.
    @Test func aDigitRunEndsAtTheBytesBesideTheDigits() {
        for text in ["0.5:", "12/3", "0.123456:7", "1234567:"] {
            let path = temporaryFile("1,\(text),2\n0,0,0\n")
            #expect(throws: InputError.malformed(
                file: path, location: "line 1, column 2", reason: "\"\(text)\" is not a number")) {
                try InputBatch.loadCSV(path: path, dimension: 3)
            }
        }
    }

    @Test func windowsAndClassicMacLineEndingsAndAByteOrderMarkRead() throws {
        let bom = "\u{FEFF}"
        for text in [bom + "0.5,1\r\n0,0.25\r\n", "x1,x2\r0.5,1\r0,0.25\r", bom + "x1,x2\n0.5,1\n0,0.25"] {
            let batch = try InputBatch.loadCSV(path: temporaryFile(text), dimension: 2)
            #expect(batch.values == [0.5, 1, 0, 0.25], "\(text.debugDescription)")
        }
    }

    @Test func lineNumbersCountCarriageReturnLineFeedOnce() {
        let path = temporaryFile("0,1\r\n0,1\r\n0,x\r\n")
        #expect(throws: InputError.malformed(file: path, location: "line 3, column 2", reason: "\"x\" is not a number")) {
            try InputBatch.loadCSV(path: path, dimension: 2)
        }
    }

    @Test func aHugeBadFieldIsQuotedByItsPrefixOnly() throws {
        let path = temporaryFile("0," + String(repeating: "7;", count: 5000) + "\n")
        do {
            _ = try InputBatch.loadCSV(path: path, dimension: 2)
            Issue.record("accepted a bad field")
        } catch {
            #expect(error.description.count < path.count + 120, "\(error.description.prefix(200))")
            #expect(error.description.contains("…"))
        }
    }

    /// A header and `lines` lines of four numbers (with their terminators): plain decimals (the one-scan path) mixed with every other form.
    static func largeFile(lines: Int, rng: inout Xoshiro256) -> (lines: [String], expected: [Double]) {
        var text = ["x1,x2,x3,x4\n"], expected = [Double]()
        for line in 0..<lines {
            let row = (0..<4).map { k -> String in
                let x = (rng.nextUnit() - 0.4) * 1000
                switch (line + k) % 7 {
                case 0: return String(format: "%.3e", x)
                case 1: return " " + String(format: "%.6f", x)
                case 2: return String(format: "%.17g", x)
                default: return String(format: "%.6f", x)
                }
            }
            expected += row.map { Double($0.trimmingCharacters(in: .whitespaces))! }
            text.append(row.joined(separator: ",") + (line % 3 == 0 ? "\r\n" : "\n"))
        }
        return (text, expected)
    }

    /// A file of several megabytes is read in parts on several threads: the same doubles as `Double(String)`, the
    /// rows in order, and an error in a late part names its line as one pass would.
    @Test func aLargeFileReadInPartsGivesTheDoublesAndLineNumbersOfOnePass() throws {
        var rng = Xoshiro256(seed: 91)
        let (file, expected) = Self.largeFile(lines: 60_000, rng: &rng)
        var lines = file
        #expect(lines.joined().utf8.count > 2 * (1 << 20))
        let batch = try InputBatch.loadCSV(path: temporaryFile(lines.joined()), dimension: 4)
        #expect(batch.count == 60_000)
        #expect(batch.values == expected)
        // A bad field near the end (line 59,001 counting the header), and a second header-like line there.
        lines[59_000] = "1,2,x,4\n"
        let bad = temporaryFile(lines.joined())
        #expect(throws: InputError.malformed(file: bad, location: "line 59001, column 3", reason: "\"x\" is not a number")) {
            try InputBatch.loadCSV(path: bad, dimension: 4)
        }
        lines[59_000] = "a,b,c,d\n"
        let header = temporaryFile(lines.joined())
        #expect(throws: InputError.malformed(file: header, location: "line 59001, column 1", reason: "\"a\" is not a number")) {
            try InputBatch.loadCSV(path: header, dimension: 4)
        }
    }

    /// The parts read into their places in one array: lines without a row (blank lines, comments) in every part
    /// leave gaps that are closed, lines ended by lone carriage returns (more rows than line feeds) and a line with
    /// too many numbers in a late part fall back to one pass, each with one pass's result.
    @Test func partsReadInPlaceCloseTheGapsAndFallBackWhereLinesAreNotRows() throws {
        var rng = Xoshiro256(seed: 92)
        let (file, expected) = Self.largeFile(lines: 60_000, rng: &rng)
        var gappy = file
        for line in stride(from: 7, to: gappy.count, by: 9_973) { gappy[line] = "\n# a comment\n\n" + gappy[line] }
        let gaps = try InputBatch.loadCSV(path: temporaryFile(gappy.joined()), dimension: 4)
        #expect(gaps.count == 60_000)
        #expect(gaps.values == expected)

        let classic = file.map { $0.replacingOccurrences(of: "\r\n", with: "\r").replacingOccurrences(of: "\n", with: "\r") }
        let mac = try InputBatch.loadCSV(path: temporaryFile(classic.joined()), dimension: 4)
        #expect(mac.count == 60_000)
        #expect(mac.values == expected)

        var wide = file
        wide[58_000] = "1,2,3,4,5\n"
        let path = temporaryFile(wide.joined())
        #expect(throws: InputError.malformed(file: path, location: "line 58001", reason: "has 5 numbers, expected 4 (the chip's inputs)")) {
            try InputBatch.loadCSV(path: path, dimension: 4)
        }
    }
}

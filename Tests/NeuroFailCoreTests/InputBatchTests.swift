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
}

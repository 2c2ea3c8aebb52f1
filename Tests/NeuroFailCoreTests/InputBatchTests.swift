import Foundation
import Testing

@testable import NeuroFailCore

struct InputBatchTests {
    private func write(_ text: String) -> String {
        let path = NSTemporaryDirectory() + "nf-inputs-\(UUID().uuidString).csv"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func readsRowsSkippingHeaderCommentsAndBlankLines() throws {
        let path = write("x1,x2\n# comment\n0.5, 1\n\n0,0.25\r\n")
        let batch = try InputBatch.loadCSV(path: path, dimension: 2)
        #expect(batch.count == 2)
        #expect(batch.values == [0.5, 1, 0, 0.25])
    }

    @Test func rowOfTheWrongWidthNamesItsLine() {
        let path = write("0,1\n0,1,2\n")
        #expect(throws: InputError.malformed(file: path, location: "line 2", reason: "has 3 numbers, expected 2 (the chip's inputs)")) {
            try InputBatch.loadCSV(path: path, dimension: 2)
        }
    }

    @Test func textInARowNamesLineAndColumn() {
        let path = write("0,1\n0,abc\n")
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
}

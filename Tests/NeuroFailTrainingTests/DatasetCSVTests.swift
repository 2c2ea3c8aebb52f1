import Foundation
import NeuroFailCore
import Testing
@testable import NeuroFailTraining

@Suite struct DatasetCSVTests {
    @Test func readsPixelsThenLabelWithAnOptionalHeader() throws {
        let dir = temporaryDirectory()
        let text = "p0,p1,p2,p3,label\n0,255,128,0,7\r\n\n1.5, 2 ,3,4,0\n"
        let data = try Dataset.loadCSV(path: write(Array(text.utf8), "digits.csv", in: dir))
        #expect(data.count == 2 && data.dimension == 4 && data.height == 2 && data.width == 2)
        #expect(data.labels == [7, 0] && data.classes == 8)
        #expect(data.images == [0, 255, 128, 0, 1.5, 2, 3, 4])
        #expect(data.name == "digits" && data.files == ["digits.csv"])
    }

    @Test func readsAGzippedFileWithoutHeader() throws {
        let dir = temporaryDirectory()
        let data = try Dataset.loadCSV(
            path: write(storedGzip(Array("1,2,1\n3,4,0\n".utf8)), "mnist_5k.csv.gz", in: dir), classes: 10)
        #expect(data.images == [1, 2, 3, 4] && data.labels == [1, 0] && data.classes == 10)
        #expect(data.name == "mnist_5k")
    }

    @Test func rejectsARowOfAnotherLengthNamingTheLine() {
        let dir = temporaryDirectory()
        #expect {
            try Dataset.loadCSV(path: write(Array("1,2,1\n3,4,5,0\n".utf8), "x.csv", in: dir))
        } throws: { "\($0)".hasPrefix("\(dir)/x.csv: line 2: has 4 fields, expected 3") }
    }

    @Test func rejectsANonNumericCellAndABadLabel() {
        let dir = temporaryDirectory()
        #expect {
            try Dataset.loadCSV(path: write(Array("1,2,1\n3,x,0\n".utf8), "x.csv", in: dir))
        } throws: { "\($0)" == "\(dir)/x.csv: line 2, column 2: \"x\" is not a number" }
        #expect {
            try Dataset.loadCSV(path: write(Array("1,2,1.5\n".utf8), "y.csv", in: dir))
        } throws: { "\($0)".contains("y.csv: line 1, column 3: label 1.5 is not a non-negative integer") }
        #expect {
            try Dataset.loadCSV(path: write(Array("1,2,10\n".utf8), "z.csv", in: dir), classes: 10)
        } throws: { "\($0)".contains("label 10 is not a non-negative integer in 0..<10") }
    }

    @Test func rejectsAFileWithNoRows() {
        let dir = temporaryDirectory()
        #expect {
            try Dataset.loadCSV(path: write(Array("a,b,label\n".utf8), "h.csv", in: dir))
        } throws: { "\($0)" == "\(dir)/h.csv: line 1: no data rows" }
        #expect {
            try Dataset.loadCSV(path: dir + "/missing.csv")
        } throws: { "\($0)" == "\(dir)/missing.csv: no such file" }
    }

    /// A byte-order mark before a first data row must not turn that row into a "header" and drop it.
    @Test func byteOrderMarkAndWindowsLineEndingsKeepEveryRow() throws {
        let dir = temporaryDirectory()
        let marked = try Dataset.loadCSV(path: write([0xEF, 0xBB, 0xBF] + Array("1,2,1\r\n3,4,0\r\n".utf8), "a.csv", in: dir))
        #expect(marked.labels == [1, 0])
        #expect(marked.images == [1, 2, 3, 4])
        let mac = try Dataset.loadCSV(path: write(Array("p1,p2,label\r1,2,1\r3,4,0\r".utf8), "b.csv", in: dir))
        #expect(mac.labels == [1, 0])
    }

    @Test func aLongBadCellIsQuotedByItsPrefix() {
        let dir = temporaryDirectory()
        let line = "1,2,1\n" + String(repeating: "9;", count: 3000) + ",0\n"
        #expect {
            try Dataset.loadCSV(path: write(Array(line.utf8), "x.csv", in: dir))
        } throws: { "\($0)".count < dir.count + 120 && "\($0)".contains("…") }
    }
}

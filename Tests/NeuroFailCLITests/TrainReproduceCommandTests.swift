import Foundation
import Testing

@testable import NeuroFailCLI

struct TrainReproduceCommandTests {
    @Test func corruptIDXFileIsOneLineAndExitTwo() {
        let images = temporaryFile("images-idx3-ubyte", "not an idx file at all")
        let labels = temporaryFile("labels-idx1-ubyte", "nor this")
        let out = temporaryFolder() + "/chip.json"
        let r = neurofail("train", "--data", images, "--labels", labels, "--out", out)
        expectBadInput(r, images)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func csvWithTextInAPixelIsOneLineAndExitTwo() {
        let data = temporaryFile("d.csv", "0,0,0,0,1\n0,abc,0,0,0\n")
        let r = neurofail("train", "--data", data, "--out", temporaryFolder() + "/c.json")
        #expect(r.status == 2)
        #expect(r.err.contains(data))
        #expect(r.err.split(separator: "\n").count == 1)
    }

    @Test func trainLearnsASmallSeparableSetAndWritesAChipWithProvenance() throws {
        // Two classes, two pixels: class 1 iff the first pixel is bright. Pixels in 0...255, label last.
        var lines = [String]()
        for i in 0..<200 {
            let bright = i % 2 == 1
            lines.append("\(bright ? 200 + i % 50 : i % 50),\((i * 37) % 256),\(bright ? 1 : 0)")
        }
        let data = temporaryFile("d.csv", lines.joined(separator: "\n") + "\n")
        let out = temporaryFolder() + "/c.json"
        let r = neurofail("train", "--data", data, "--widths", "4", "--epochs", "30", "--seed", "3", "--out", out, "--quiet")
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\"provenance\""))
        #expect(neurofail("inspect", out).status == 0)
    }

    @Test func reproduceQuickWritesDataPlotAndHeadline() throws {
        let out = temporaryFolder()
        let r = neurofail("reproduce", "fig6", "--quick", "--out", out, "--json")
        #expect(r.status == 0, "\(r.err)")
        #expect(json(r)["scalingExponent"] != nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: out + "/fig6")
        #expect(files.contains { $0.hasSuffix(".csv") } && files.contains { $0.hasSuffix(".svg") })
        #expect(files.contains("summary.json"))
    }

    @Test func reproduceUnknownFigureIsAUsageError() {
        expectBadInput(neurofail("reproduce", "fig99", "--quick"), "unknown figure 'fig99'")
    }
}

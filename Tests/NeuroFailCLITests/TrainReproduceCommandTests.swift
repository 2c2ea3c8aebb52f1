import Foundation
import NeuroFailCore
import NeuroFailEngine
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

    /// The separable set above; `scale` is the largest pixel value (the 0–16 of scikit-learn's digits, say).
    private func twoClassData(scale: Int = 255) -> String {
        var lines = [String]()
        for i in 0..<200 {
            let bright = i % 2 == 1
            let first = bright ? 200 + i % 50 : i % 50
            lines.append("\(first * scale / 255),\((i * 37) % 256 * scale / 255),\(bright ? 1 : 0)")
        }
        return temporaryFile("d.csv", lines.joined(separator: "\n") + "\n")
    }

    @Test func quietDropsTheEpochLinesButPrintsTheFinalAccuracy() throws {
        let data = twoClassData()
        let out = temporaryFolder() + "/c.json"
        let r = neurofail(
            "train", "--data", data, "--widths", "16", "--epochs", "50", "--seed", "1", "--held-out", "0", "--out", out, "--quiet")
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.out.contains("epoch 1/50"))
        let line = try #require(r.out.split(separator: "\n").first { $0.hasPrefix("trained 50 epochs: train accuracy ") })
        let printed = try #require(Double(line.dropFirst("trained 50 epochs: train accuracy ".count).dropLast()))
        // The accuracy of the written chip on the same 200 images, computed here from the chip itself.
        let chip = try Chip.load(path: out)
        let rows = try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
        let inputs = InputBatch(count: rows.count, dimension: 2, values: rows.flatMap { [$0[0] / 255, $0[1] / 255] })
        let scores = Evaluator(chip: chip).outputs(inputs, faults: FaultSet(pristine: chip), threads: 1)
        let right = rows.indices.filter { i in (scores[2 * i + 1] > scores[2 * i] ? 1.0 : 0.0) == rows[i][2] }.count
        #expect(abs(printed - 100 * Double(right) / 200) <= 0.51, "printed \(printed) %, the chip gets \(right)/200")
        #expect(printed > 90)
    }

    @Test func pixelMaxFarAboveOrBelowTheDataIsRefusedWithTheRightValue() {
        let digits = twoClassData(scale: 16)
        let out = temporaryFolder() + "/c.json"
        expectBadInput(
            neurofail("train", "--data", digits, "--epochs", "1", "--out", out),
            "--pixel-max: \(digits) has pixels up to 16 only, far below --pixel-max 255 (inputs would fill [0, 0.0627451] of [0,1]); pass --pixel-max 16")
        expectBadInput(
            neurofail("train", "--data", digits, "--epochs", "1", "--pixel-max", "10", "--out", out),
            "--pixel-max: \(digits) has pixels up to 16, above --pixel-max 10 (inputs would leave [0,1]); pass --pixel-max 16")
        #expect(!FileManager.default.fileExists(atPath: out))
        let fitted = neurofail("train", "--data", digits, "--epochs", "1", "--pixel-max", "16", "--out", out, "--quiet")
        #expect(fitted.status == 0, "\(fitted.err)")
    }

    @Test func fig9PointsToFig8WhichProducesIt() {
        expectBadInput(
            neurofail("reproduce", "fig9", "--quick"),
            "neurofail reproduce: fig9 is produced by fig8 (one run writes both): run 'neurofail reproduce fig8'")
    }
}

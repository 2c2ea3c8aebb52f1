import Foundation
import NeuroFailTestSupport
import NeuroFailCore
@testable import NeuroFailTraining

/// A fresh empty directory for one test's files.
func temporaryDirectory() -> String {
    let path = Scratch.folder + "neurofail-training-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `bytes` to `directory/name` and returns the path.
func write(_ bytes: [UInt8], _ name: String, in directory: String) -> String {
    let path = directory + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}

/// `bytes` as a gzip file of stored (uncompressed) DEFLATE blocks: lets tests gzip a file without a compressor.
func storedGzip(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]
    var start = 0
    repeat {
        let length = min(65535, bytes.count - start)
        let final: UInt8 = start + length == bytes.count ? 1 : 0
        out += [final, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
        out += bytes[start..<(start + length)]
        start += length
    } while start < bytes.count
    out += littleEndian(CRC32.checksum(bytes)) + littleEndian(UInt32(truncatingIfNeeded: bytes.count))
    return out
}

func littleEndian(_ x: UInt32) -> [UInt8] { (0..<4).map { UInt8((x >> (8 * $0)) & 0xFF) } }
func bigEndian(_ x: Int) -> [UInt8] { (0..<4).reversed().map { UInt8((x >> (8 * $0)) & 0xFF) } }

/// A two-class "two moons" problem scaled into [0, 1]²: not linearly separable. `noise` is the std of the jitter.
func twoMoons(count: Int, noise: Double = 0.08, seed: UInt64) -> Dataset {
    var rng = Xoshiro256(seed: seed)
    var pixels = [Float]()
    var labels = [Int]()
    for i in 0..<count {
        let label = i % 2
        let t = Double.pi * rng.nextUnit()
        var x = label == 0 ? cos(t) : 1 - cos(t)
        var y = label == 0 ? sin(t) : 0.5 - sin(t)
        x += rng.nextNormal(std: noise)
        y += rng.nextNormal(std: noise)
        // [-1.5, 2.5] × [-1, 1.5] → [0, 1]²
        pixels += [Float(min(1, max(0, (x + 1.5) / 4))), Float(min(1, max(0, (y + 1) / 2.5)))]
        labels.append(label)
    }
    return Dataset(name: "two-moons", dimension: 2, images: pixels, labels: labels, classes: 2)
}

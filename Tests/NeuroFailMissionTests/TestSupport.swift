import Foundation
import NeuroFailCore

@testable import NeuroFailMission

/// Shared fixtures: chips drawn the paper's way, temporary folders, statistics.
enum TestSupport {
    /// A ReLU chip with the given hidden widths.
    static func chip(inputs: Int = 3, widths: [Int], outputs: Int = 2, seed: UInt64 = 1) -> Chip {
        Chip.random(
            inputs: inputs, widths: widths, outputs: outputs, activation: Activation(.relu, lipschitz: 1), seed: seed)
    }

    /// A fresh empty folder under the system's temporary directory.
    static func temporaryDirectory() -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "neurofail-mission-tests-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `directory/name` (creating folders) and returns the path.
    @discardableResult
    static func write(_ text: String, _ name: String, in directory: String) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// Writes `chip` as a chip file.
    @discardableResult
    static func write(_ chip: Chip, _ name: String, in directory: String) -> String {
        write(chip.json.rendered(), name, in: directory)
    }

    /// Sample mean and (unbiased) variance.
    static func meanAndVariance(_ xs: [Double]) -> (mean: Double, variance: Double) {
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        return (mean, variance)
    }

    /// The Binomial(n, p) probabilities P(X = 0…n), by multiplying out ((1 − p) + p·z)^n one trial at a time: plain
    /// sums and products, independent of the gamma and beta functions the library uses.
    static func binomialPMF(trials n: Int, probability p: Double) -> [Double] {
        var pmf = [1.0]
        for _ in 0..<n {
            var next = [Double](repeating: 0, count: pmf.count + 1)
            for (k, mass) in pmf.enumerated() {
                next[k] += mass * (1 - p)
                next[k + 1] += mass * p
            }
            pmf = next
        }
        return pmf
    }

    /// P(X ≥ k) for X ~ Binomial(n, p), summed term by term.
    static func binomialAtLeast(_ k: Int, trials n: Int, probability p: Double) -> Double {
        binomialPMF(trials: n, probability: p).enumerated().filter { $0.offset >= k }.reduce(0) { $0 + $1.element }
    }
}

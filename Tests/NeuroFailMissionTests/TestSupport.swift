import Foundation
import NeuroFailTestSupport
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
        let path = (Scratch.folder as NSString).appendingPathComponent(
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

extension TestSupport {
    /// The χ² CDF for even degrees of freedom 2k in closed form, 1 − e^(−x/2) Σ_{j<k} (x/2)^j / j! (the Poisson
    /// identity), summed term by term: independent of the incomplete gamma function the library uses. Where the
    /// CDF is small (x/2 < k) it is summed as the rest of the same series, e^(−x/2) Σ_{j≥k} (x/2)^j / j!, so that
    /// the reference keeps its relative precision.
    static func chiSquaredEvenCDF(_ x: Double, halfDegrees k: Int) -> Double {
        let h = x / 2
        if h < Double(k) {
            var term = exp(-h)
            for j in 1...k { term *= h / Double(j) }
            var sum = 0.0, j = k
            while term > sum * 1e-18 {
                sum += term
                j += 1
                term *= h / Double(j)
            }
            return sum
        }
        var term = 1.0, sum = 0.0
        for j in 0..<k {
            if j > 0 { term *= h / Double(j) }
            sum += term
        }
        return 1 - exp(-h) * sum
    }

    /// Its p-quantile by Newton's method on the closed form (density e^(−x/2) (x/2)^(k−1) / (2 (k−1)!)), started at
    /// the mean 2k and kept positive: another algorithm than the library's bisection.
    static func chiSquaredEvenQuantile(_ p: Double, halfDegrees k: Int) -> Double {
        var x = Double(2 * k)
        var logFactorial = 0.0
        for j in 1..<max(k, 1) { logFactorial += log(Double(j)) }
        for _ in 0..<200 {
            let density = exp(-x / 2 + Double(k - 1) * log(x / 2) - logFactorial) / 2
            let step = (chiSquaredEvenCDF(x, halfDegrees: k) - p) / density
            let next = max(x - step, x / 4)
            if abs(next - x) <= 1e-15 * x { return next }
            x = next
        }
        return x
    }
}

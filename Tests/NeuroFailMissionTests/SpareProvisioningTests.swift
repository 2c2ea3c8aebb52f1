import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailMission

struct SpareProvisioningTests {
    /// Widths 4 and 8; losses (1, 0), (0, 4), (2, 2), (0, 0) have largest fractions 1/4, 1/2, 1/2, 0. At p = c = 1/2,
    /// r = 2 (n = 4): the second largest fraction is 1/2, so spares ⌊4/2⌋ = 2 and ⌊8/2⌋ = 4, covering all four runs.
    @Test func sparesAreTheRthLargestLostFractionTimesEachWidth() {
        let s = SpareProvisioning(losses: [[1, 0], [0, 4], [2, 2], [0, 0]], widths: [4, 8], reliability: 0.5, confidence: 0.5)
        #expect(s.bound.rank == 2)
        #expect(s.perLayer == [2, 4])
        #expect(s.observedCoverage == 1)
        // Runs (1, 0), (0, 1), (1, 2), (0, 0): fractions 1/4, 1/8, 1/4 (2/8 = 1/4 in layer 2), 0. The second largest
        // is 1/4: spares 1 and 2, and every run fits.
        let t = SpareProvisioning(losses: [[1, 0], [0, 1], [1, 2], [0, 0]], widths: [4, 8], reliability: 0.5, confidence: 0.5)
        #expect(t.perLayer == [1, 2])
        #expect(t.observedCoverage == 1)
    }

    /// Equal widths: the spares are the r-th largest per-run maximum loss, exactly (no rounding of 3/50 · 50).
    @Test func equalWidthsGiveTheLossItselfWithoutRounding() {
        let losses = [[3, 1, 2], [0, 0, 0], [1, 3, 0], [2, 2, 2]] + Array(repeating: [0, 0, 0], count: 295)
        let s = SpareProvisioning(losses: losses, widths: [50, 50, 50], reliability: 0.99, confidence: 0.95)
        #expect(s.bound.rank == 1)
        #expect(s.perLayer == [3, 3, 3])
        #expect(s.observedCoverage == 1)
        #expect(s.statement == "with 95% confidence, at least 99% of missions lose no more neurons in any layer than 3,3,3 spare neurons per layer")
    }

    @Test func tooFewRunsAreNotSupported() {
        let s = SpareProvisioning(losses: Array(repeating: [1, 2], count: 100), widths: [5, 5], reliability: 0.99, confidence: 0.95)
        #expect(s.perLayer == nil && s.observedCoverage == nil)
        #expect(s.bound.runsNeeded == 299)
        #expect(s.statement == "spare neurons for 99% of missions at 95% confidence not supported by 100 runs (needs >= 299)")
    }

    /// The joint statement holds with the stated confidence: losses Binomial(w_l, 0.08) per layer, independent, so the
    /// true joint coverage of spares s is Π_l P(Bin(w_l, 0.08) ≤ s_l). Over 1,000 repetitions of 60 runs, at
    /// p = c = 0.9, it is ≥ 0.9 in at least a fraction c of them (integer losses make the bound conservative).
    @Test func sparesCoverTheStatedFractionJointlyWithTheStatedConfidence() throws {
        let widths = [20, 30, 10]
        let (n, p, c, repetitions) = (60, 0.9, 0.9, 1_000)
        let cdfs = widths.map { w in
            TestSupport.binomialPMF(trials: w, probability: 0.08).reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        }
        var rng = Xoshiro256(seed: 99)
        var covered = 0
        for _ in 0..<repetitions {
            let losses = (0..<n).map { _ in widths.map { w in (0..<w).filter { _ in rng.nextUnit() < 0.08 }.count } }
            let s = SpareProvisioning(losses: losses, widths: widths, reliability: p, confidence: c)
            let spares = try #require(s.perLayer)
            let coverage = zip(cdfs, spares).reduce(1.0) { $0 * $1.0[min($1.1, $1.0.count - 1)] }
            if coverage >= p { covered += 1 }
        }
        let fraction = Double(covered) / Double(repetitions)
        #expect(fraction >= c - 4 * (c * (1 - c) / Double(repetitions)).squareRoot(), "covered in \(fraction)")
    }
}

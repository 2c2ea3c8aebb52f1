import Testing

@testable import NeuroFailCore

struct Xoshiro256Tests {
    @Test func matchesTheReferenceSequenceOfSplitMix64() {
        // SplitMix64 with seed 0: first outputs from the authors' C code (prng.di.unimi.it/splitmix64.c).
        var sm = SplitMix64(seed: 0)
        #expect(sm.next() == 0xE220_A839_7B1D_CDAF)
        #expect(sm.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func sameSeedSameStreamDifferentStreamsDiffer() {
        var a = Xoshiro256(seed: 7, stream: 3)
        var b = Xoshiro256(seed: 7, stream: 3)
        var c = Xoshiro256(seed: 7, stream: 4)
        let xa = (0..<8).map { _ in a.next() }
        #expect(xa == (0..<8).map { _ in b.next() })
        #expect(xa != (0..<8).map { _ in c.next() })
    }

    @Test func uniformMeanAndVarianceAreThoseOfU01() {
        var rng = Xoshiro256(seed: 1)
        let n = 200_000
        let xs = (0..<n).map { _ in rng.nextUnit() }
        let mean = xs.reduce(0, +) / Double(n)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        // Standard error of the mean: sqrt(1/12/n) ≈ 6.5e-4; 5 of them.
        #expect(abs(mean - 0.5) < 3.3e-3)
        #expect(abs(variance - 1.0 / 12) < 2e-3)
    }

    @Test func normalDeviatesHaveTheRequestedMeanAndStd() {
        var rng = Xoshiro256(seed: 2)
        let n = 200_000
        let xs = (0..<n).map { _ in rng.nextNormal(mean: 1, std: 5) }
        let mean = xs.reduce(0, +) / Double(n)
        let std = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        #expect(abs(mean - 1) < 5 * 5 / Double(n).squareRoot())
        #expect(abs(std - 5) < 0.05)
    }

    @Test func sampleDrawsDistinctSortedIndicesUniformly() {
        var rng = Xoshiro256(seed: 3)
        var hits = [Int](repeating: 0, count: 10)
        for _ in 0..<30_000 {
            let s = rng.sample(3, from: 10)
            #expect(s.count == 3 && Set(s).count == 3 && s == s.sorted())
            for i in s { hits[i] += 1 }
        }
        // Each index is chosen with probability 3/10: 9,000 expected, binomial std ≈ 79.
        #expect(hits.allSatisfy { abs($0 - 9_000) < 400 })
    }
}

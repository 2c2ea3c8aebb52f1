import Foundation

/// xoshiro256** (Blackman and Vigna 2018): the seeded generator behind every random draw in NeuroFail.
///
/// The standard library's `SystemRandomNumberGenerator` cannot be seeded; this one can, so a seed gives the same
/// bytes on every machine. Workers and shards never share a generator: each takes its own stream with
/// ``Xoshiro256/init(seed:stream:)``, so results do not depend on the number of threads.
public struct Xoshiro256: RandomNumberGenerator, Sendable, Hashable {
    private var s0, s1, s2, s3: UInt64

    /// A generator seeded through SplitMix64, as the authors recommend.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// An independent stream number `stream` of `seed` (for worker or shard `stream`).
    public init(seed: UInt64, stream: UInt64) {
        var sm = SplitMix64(seed: seed ^ 0x5851_F42D_4C95_7F2D)
        let mixed = sm.next() ^ (stream &* 0xD1B5_4A32_D192_ED03)
        self.init(seed: mixed &+ stream)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Xoshiro256.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Xoshiro256.rotl(s3, 45)
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform Double in (0, 1]: safe to take the logarithm of.
    @inline(__always)
    public mutating func nextOpenUnit() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// A uniform integer in 0..<n, without modulo bias (Lemire's method).
    public mutating func nextIndex(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(next(upperBound: UInt64(n)))
    }

    /// A normal deviate N(mean, std) by the Box–Muller transform (one value per call, deterministic).
    public mutating func nextNormal(mean: Double = 0, std: Double = 1) -> Double {
        let u1 = nextOpenUnit()
        let u2 = nextUnit()
        return mean + std * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An exponential deviate with the given rate (mean 1/rate), by inversion.
    public mutating func nextExponential(rate: Double) -> Double { -log(nextOpenUnit()) / rate }

    /// `k` distinct indices drawn uniformly from 0..<n, returned sorted (Floyd's algorithm).
    public mutating func sample(_ k: Int, from n: Int) -> [Int] {
        precondition(k >= 0 && k <= n)
        var chosen = Set<Int>()
        chosen.reserveCapacity(k)
        for j in (n - k)..<n {
            let t = nextIndex(j + 1)
            if !chosen.insert(t).inserted { chosen.insert(j) }
        }
        return chosen.sorted()
    }
}

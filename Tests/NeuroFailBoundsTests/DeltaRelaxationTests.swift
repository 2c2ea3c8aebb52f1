import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The planes of ``DeltaRelaxation`` bound the deviation φ(z) − φ(z′) of one neuron for every pristine z in its
/// interval and faulty z′ in its, with δ = z − z′ in the δ interval:
/// lower.z·z + lower.d·δ + lower.b ≤ φ(z) − φ(z − δ) ≤ upper.z·z + upper.d·δ + upper.b, in exact arithmetic.
struct DeltaRelaxationTests {
    #if arch(x86_64) || arch(i386)
    /// A pristine interval, a faulty one shifted and resized from it (the faults move z by a little or a lot, up or
    /// down), and a δ interval: the hull [z_lo − z′_hi, z_hi − z′_lo] or, as a fault-set analysis finds by its own
    /// propagation, a random part of it (sometimes all of one sign).
    static func randomCase(_ rng: inout Xoshiro256) -> (z: (Double, Double), zPrime: (Double, Double), delta: (Double, Double)) {
        let scale = [0.1, 1, 4, 30][rng.nextIndex(4)]
        let a = scale * (2 * rng.nextUnit() - 1), b = scale * (2 * rng.nextUnit() - 1)
        let z = (min(a, b), rng.nextUnit() < 0.1 ? min(a, b) : max(a, b))
        let shift = scale * (2 * rng.nextUnit() - 1) * (rng.nextUnit() < 0.5 ? 0.1 : 2)
        let grow = 1 + (rng.nextUnit() - 0.5)
        let mid = (z.0 + z.1) / 2 + shift, half = (z.1 - z.0) / 2 * grow
        let zPrime = (mid - half, mid + half)
        var delta = ((z.0 - zPrime.1).nextDown, (z.1 - zPrime.0).nextUp)
        if rng.nextUnit() < 0.5 {
            let width = delta.1 - delta.0
            let p = delta.0 + width * rng.nextUnit(), q = delta.0 + width * rng.nextUnit()
            delta = (min(p, q), max(p, q))
        }
        return (z, zPrime, delta)
    }

    @Test func planesBoundTheDeviationForEveryPairInTheIntervals() {
        var rng = Xoshiro256(seed: 313)
        var checked = 0, separate = 0, slope = 0, signed = 0
        for _ in 0..<6_000 {
            let φ = randomActivation(&rng)
            let (z, zPrime, delta) = Self.randomCase(&rng)
            let relaxation = DeltaRelaxation(
                φ, z: z, zPrime: zPrime, delta: delta,
                pristine: LinearRelaxation(φ, lower: z.0, upper: z.1),
                faulty: LinearRelaxation(φ, lower: zPrime.0, upper: zPrime.1))
            if φ.curvature(lower: z.0, upper: z.1) == .affine || φ.curvature(lower: zPrime.0, upper: zPrime.1) == .affine {
                separate += 1
            } else {
                slope += 1
                if delta.0 >= 0 || delta.1 <= 0 { signed += 1 }
            }
            for _ in 0..<40 {
                // z in its interval, δ in its; z′ = z − δ (exact in extended precision) must lie in its interval.
                let Z = Float80(z.0 + (z.1 - z.0) * rng.nextUnit())
                let D = Float80(delta.0 + (delta.1 - delta.0) * rng.nextUnit())
                let zp = Z - D
                guard zp >= Float80(zPrime.0), zp <= Float80(zPrime.1), Z <= Float80(z.1), D <= Float80(delta.1) else { continue }
                let deviation = extended(φ, Z) - extended(φ, zp)
                func plane(_ p: DeltaRelaxation.Plane) -> Float80 { Float80(p.z) * Z + Float80(p.d) * D + Float80(p.b) }
                let slack = 64 * extendedUnit
                    * (abs(Float80(relaxation.upper.z) * Z) + abs(Float80(relaxation.lower.z) * Z) + abs(Float80(relaxation.upper.d) * D)
                        + abs(Float80(relaxation.lower.d) * D) + abs(Float80(relaxation.upper.b)) + abs(Float80(relaxation.lower.b))
                        + abs(extended(φ, Z)) + abs(extended(φ, zp)) + 1)
                #expect(plane(relaxation.lower) <= deviation + slack, "lower plane of \(φ.summary) at z \(Z), δ \(D): \(relaxation)")
                #expect(plane(relaxation.upper) >= deviation - slack, "upper plane of \(φ.summary) at z \(Z), δ \(D): \(relaxation)")
                checked += 1
            }
        }
        #expect(checked > 50_000, "checked \(checked) pairs")
        #expect(separate > 500 && slope > 500 && signed > 100, "separate \(separate), slope \(slope), signed \(signed)")
    }
    #endif

    /// A ReLU surely on in both chips (z, z′ ≥ 0): Δy = K·δ exactly, so the two planes are K·δ to rounding.
    @Test func reluSurelyOnInBothChipsGivesKTimesDelta() {
        let relu = Activation(.relu, lipschitz: 2)
        let r = DeltaRelaxation(
            relu, z: (1, 3), zPrime: (0.5, 2), delta: (-1, 2.5),
            pristine: LinearRelaxation(relu, lower: 1, upper: 3), faulty: LinearRelaxation(relu, lower: 0.5, upper: 2))
        for p in [r.lower, r.upper] {
            #expect(p.z == 0 && p.d == 2)
            #expect(abs(p.b) < 1e-14)
        }
        #expect(r.lower.b <= 0 && r.upper.b >= 0)
    }

    /// A sigmoid whose δ is surely positive: Δy = s·δ with s between the smallest and the largest slope over the
    /// hull of both intervals, here [−1, 2] with K = 1/4: s ∈ [σ′(2), σ′(0)] = [4K·e^(−2)/(1 + e^(−2))², K].
    @Test func positiveDeltaGivesTheSlopeRangeOfTheHull() {
        let sigmoid = Activation(.sigmoid, lipschitz: 0.25)
        let r = DeltaRelaxation(
            sigmoid, z: (0, 2), zPrime: (-1, 1), delta: (0.5, 1.5),
            pristine: LinearRelaxation(sigmoid, lower: 0, upper: 2), faulty: LinearRelaxation(sigmoid, lower: -1, upper: 1))
        let smallest = exp(-2.0) / ((1 + exp(-2.0)) * (1 + exp(-2.0)))
        #expect(r.upper.z == 0 && r.upper.b == 0 && abs(r.upper.d - 0.25) < 1e-12 && r.upper.d >= 0.25)
        #expect(r.lower.z == 0 && r.lower.b == 0 && abs(r.lower.d - smallest) < 1e-12 && r.lower.d <= smallest)
    }
}

import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The layer-by-layer analysis of one fault set: the faulty chip's values and the differences from the pristine
/// chip, by intervals and (tightened) by back-substitution.
struct DifferenceAnalysisTests {
    /// Crashing h₂ of the hand chip changes nothing before it: the first two matrices are unaffected (δ exactly 0),
    /// the dead neuron's Δy is its pristine value [0, 5.5] (back-substituted, see PristineAnalysisTests), and the
    /// output moves by −2·h₂ ∈ [−11, 0].
    @Test func aSecondLayerCrashAffectsOnlyWhatIsDownstream() throws {
        let chip = try handChip()
        for tighten in [false, true] {
            var a = DifferenceAnalysis(bound: FaultSetBound(chip: chip), faults: FaultSet(neurons: [[], [1]]))
            a.run(tighten: tighten)
            #expect(a.affected == [[false, false], [false, false], [true]])
            #expect(a.delta[0] == .zeros(2) && a.delta[1] == .zeros(2))
            #expect(a.deltaY[2].lower[0] == 0 && a.deltaY[2].upper[0] == 0)
            #expect(a.yPrime[2].lower[1] == 0 && a.yPrime[2].upper[1] == 0, "a crashed neuron sends exactly 0")
            #expect(a.deltaY[2].upper[1] >= 5.5 && a.deltaY[2].upper[1] < 5.5 + 1e-12)
            #expect(a.delta[2].lower[0] <= -11 && a.delta[2].lower[0] > -11 - 1e-11)
            #expect(a.delta[2].upper[0] >= 0 && a.delta[2].upper[0] < 1e-12)
        }
    }

    #if arch(x86_64) || arch(i386)
    /// On random chips and fault sets, every exact value of the faulty chip and every exact difference at random
    /// inputs lies in its interval, with and without tightening; unaffected neurons differ by exactly 0.
    @Test func everyFaultyValueAndDifferenceLiesInItsInterval() {
        var rng = Xoshiro256(seed: 44)
        var unaffected = 0
        for _ in 0..<300 {
            let chip = randomChip(&rng)
            let bound = FaultSetBound(chip: chip)
            let faults = randomFaultSet(chip, &rng)
            for tighten in [false, true] {
                var a = DifferenceAnalysis(bound: bound, faults: faults)
                a.run(tighten: tighten)
                for (m, hit) in a.affected.enumerated() {
                    for i in hit.indices where !hit[i] {
                        #expect(a.delta[m].lower[i] == 0 && a.delta[m].upper[i] == 0)
                        unaffected += 1
                    }
                }
                for _ in 0..<4 {
                    let x = randomInput(chip, &rng)
                    let pristine = extendedForward(chip, x, FaultSet(pristine: chip))
                    let faulty = extendedForward(chip, x, faults)
                    let context = "tighten \(tighten), faults \(faults), x \(x): \(chip.json.rendered(indent: 0))"
                    // ẑ and δ of every matrix, ŷ and Δy of every hidden layer (layer 0, the input, is shared).
                    Self.expectInside(pristine.pre, faulty.pre, a.zPrime, a.delta, "z", context)
                    Self.expectInside(Array(pristine.post.dropFirst()), Array(faulty.post.dropFirst()), Array(a.yPrime.dropFirst()), Array(a.deltaY.dropFirst()), "y", context)
                }
            }
        }
        #expect(unaffected > 200, "only \(unaffected) unaffected neurons seen")
    }

    /// Every faulty value lies in its interval of `faulty` and every difference pristine − faulty in its interval
    /// of `differences`, layer by layer.
    static func expectInside(
        _ pristine: [[Extended]], _ faulty: [[Extended]], _ faultyBounds: [IntervalVector], _ differences: [IntervalVector],
        _ name: String, _ context: String
    ) {
        for (l, layer) in pristine.enumerated() {
            for (i, p) in layer.enumerated() {
                let f = faulty[l][i]
                #expect(f.fits(faultyBounds[l].lower[i], faultyBounds[l].upper[i]), "faulty \(name) layer \(l) neuron \(i): \(context)")
                let d = Extended(value: p.value - f.value, error: p.error + f.error + extendedUnit * abs(p.value - f.value))
                #expect(d.fits(differences[l].lower[i], differences[l].upper[i]), "Δ\(name) layer \(l) neuron \(i) = \(d.value) in [\(differences[l].lower[i]), \(differences[l].upper[i])]: \(context)")
            }
        }
    }
    #endif

    /// Tightening never widens: every δ interval of the tightened run lies inside the plain run's.
    @Test func tighteningOnlyNarrowsTheDifferences() {
        var rng = Xoshiro256(seed: 45)
        for _ in 0..<300 {
            let chip = randomChip(&rng)
            let bound = FaultSetBound(chip: chip)
            let faults = randomFaultSet(chip, &rng)
            var plain = DifferenceAnalysis(bound: bound, faults: faults)
            plain.run(tighten: false)
            var tight = DifferenceAnalysis(bound: bound, faults: faults)
            tight.run(tighten: true)
            // Layer 0 is never tightened: the same intervals.
            #expect(tight.delta[0] == plain.delta[0])
            let last = chip.depth
            for i in 0..<chip.outputCount {
                #expect(tight.delta[last].lower[i] >= plain.delta[last].lower[i] || plain.delta[last].lower[i].isNaN)
                #expect(tight.delta[last].upper[i] <= plain.delta[last].upper[i] || plain.delta[last].upper[i].isNaN)
            }
        }
    }
}

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
                    for m in 0..<pristine.pre.count {
                        for i in pristine.pre[m].indices {
                            let (p, f) = (pristine.pre[m][i], faulty.pre[m][i])
                            #expect(f.fits(a.zPrime[m].lower[i], a.zPrime[m].upper[i]), "ẑ^(\(m))_\(i): \(context)")
                            let d = Extended(value: p.value - f.value, error: p.error + f.error + extendedUnit * abs(p.value - f.value))
                            #expect(d.fits(a.delta[m].lower[i], a.delta[m].upper[i]), "δ^(\(m))_\(i) = \(d.value) in [\(a.delta[m].lower[i]), \(a.delta[m].upper[i])]: \(context)")
                        }
                    }
                    for h in 1..<pristine.post.count {
                        for i in pristine.post[h].indices {
                            let (p, f) = (pristine.post[h][i], faulty.post[h][i])
                            #expect(f.fits(a.yPrime[h].lower[i], a.yPrime[h].upper[i]), "ŷ^(\(h))_\(i): \(context)")
                            let d = Extended(value: p.value - f.value, error: p.error + f.error + extendedUnit * abs(p.value - f.value))
                            #expect(d.fits(a.deltaY[h].lower[i], a.deltaY[h].upper[i]), "Δy^(\(h))_\(i): \(context)")
                        }
                    }
                }
            }
        }
        #expect(unaffected > 200, "only \(unaffected) unaffected neurons seen")
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

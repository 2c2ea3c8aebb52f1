import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// Splitting the input box (``FaultSetBound/refined(_:subdomains:)``): every box's bound is a theorem over that box
/// and the boxes cover the domain, so the refined bound still holds, is never looser than the unsplit one, and on
/// a chip with two inputs converges to the exact worst case once the cuts make every neuron's sign known.
struct FaultSetBoundSplittingTests {
    @Test func sixtyFourBoxesReachTheExactWorstCaseOfEverySingleCrashOfTheHandChip() throws {
        let chip = try handChip()
        let analysis = FaultSetBound(chip: chip)
        for (name, faults, exact) in FaultSetBoundTests.singleCrashes {
            let whole = analysis.bound(faults, method: .linearRelaxation).value(.linf)
            let refined = analysis.refined(faults, subdomains: 64)
            #expect(refined.value(.linf) >= exact, "\(name): a theorem still")
            #expect(refined.value(.linf) <= exact + 1e-6, "\(name): \(refined.value(.linf)) after splitting, exact \(exact)")
            #expect(refined.value(.linf) <= whole, "\(name): never looser than the unsplit bound")
            #expect(refined.subdomains > 1 && refined.subdomains <= 64, "\(name): \(refined.subdomains) boxes")
        }
    }

    /// n1.0 is where the unsplit bound is loose (the hand chip's y₂ may switch): splitting closes most of the gap
    /// long before 64 boxes, and more boxes never make it worse.
    @Test func moreBoxesNeverLoosenTheBound() throws {
        let chip = try handChip()
        let analysis = FaultSetBound(chip: chip)
        let faults = FaultSet(neurons: [[0], []])
        var previous = Double.infinity
        for n in [1, 2, 4, 8, 16, 32, 64] {
            let value = analysis.refined(faults, subdomains: n).value(.linf)
            #expect(value >= 8 && value <= previous * (1 + 1e-12), "\(n) boxes: \(value) after \(previous)")
            previous = value
        }
        #expect(analysis.bound(faults).value(.linf) > 8 + 1e-3, "the unsplit bound is loose, so splitting has work to do")
    }

    /// On random two-input chips the refined bound holds every grid point's deviation (up to the allowance) and is
    /// never above the unsplit one; one box (or no fault) is the unsplit bound itself.
    @Test func refinedBoundsHoldOnRandomChips() {
        var rng = Xoshiro256(seed: 515)
        for _ in 0..<60 {
            let chip = randomChip(&rng, depth: 1...3, inputs: 2...2)
            let analysis = FaultSetBound(chip: chip)
            let faults = randomFaultSet(chip, &rng)
            let whole = analysis.bound(faults, method: .linearRelaxation)
            #expect(analysis.refined(faults, subdomains: 1) == whole)
            let refined = analysis.refined(faults, subdomains: 12)
            #expect(refined.value(.linf) <= whole.value(.linf))
            for x in gridPoints(chip) {
                let d = zip(forward(chip, x, FaultSet(pristine: chip)), forward(chip, x, faults)).map { abs($0 - $1) }.max() ?? 0
                #expect(refined.admits(d, .linf), "\(d) at \(x) above \(refined.value(.linf)): \(chip.json.rendered(indent: 0))")
            }
        }
    }
}

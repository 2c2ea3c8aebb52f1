import Foundation
import Testing

@testable import NeuroFailCore

/// The shape facts the bounds rely on, checked against the function itself: chord slopes measured from φ, and
/// curvature from second differences of φ.
struct ActivationShapeTests {
    static let activations = Activation.Function.allCases.flatMap { f in
        [0.3, 1, 2.5].map { Activation(f, lipschitz: $0) }
    }

    @Test(arguments: activations)
    func everyChordSlopeLiesInTheSlopeRange(activation: Activation) {
        var rng = Xoshiro256(seed: 11)
        for _ in 0..<2_000 {
            let a = (8 * rng.nextUnit() - 4), b = (8 * rng.nextUnit() - 4)
            let lower = min(a, b), upper = max(a, b)
            guard upper - lower > 1e-3 else { continue }
            let range = activation.slopeRange(lower: lower, upper: upper)
            // Chords between random points of the interval, measured from φ alone.
            for _ in 0..<8 {
                let p = (lower + (upper - lower) * rng.nextUnit()), q = (lower + (upper - lower) * rng.nextUnit())
                guard abs(p - q) > 1e-6 else { continue }
                let chord = (activation(p) - activation(q)) / (p - q)
                #expect(chord >= range.lowerBound - 1e-9 && chord <= range.upperBound + 1e-9)
            }
            #expect(range.upperBound <= activation.lipschitz * (1 + 1e-12), "K is the steepest slope")
        }
    }

    @Test(arguments: activations)
    func curvatureAgreesWithSecondDifferences(activation: Activation) {
        var rng = Xoshiro256(seed: 12)
        for _ in 0..<2_000 {
            let a = (6 * rng.nextUnit() - 3), b = (6 * rng.nextUnit() - 3)
            let lower = min(a, b), upper = max(a, b)
            guard upper - lower > 1e-2 else { continue }
            let x = (lower + (upper - lower) * rng.nextUnit()), h = min(x - lower, upper - x) * 0.9
            guard h > 1e-4 else { continue }
            let second = activation(x + h) + activation(x - h) - 2 * activation(x)
            switch activation.curvature(lower: lower, upper: upper) {
            case .affine: #expect(abs(second) <= 1e-12)
            case .convex: #expect(second >= -1e-12)
            case .concave: #expect(second <= 1e-12)
            case .mixed: break
            }
        }
    }

    @Test func reluSlopesAreZeroOrKOnEachSide() {
        let relu = Activation(.relu, lipschitz: 2)
        #expect(relu.slopeRange(lower: -3, upper: -1) == 0...0)
        #expect(relu.slopeRange(lower: 1, upper: 3) == 2...2)
        #expect(relu.slopeRange(lower: -1, upper: 1) == 0...2)
        #expect(relu.curvature(lower: -1, upper: 1) == .convex)
        #expect(relu.curvature(lower: 0, upper: 1) == .affine)
    }

    @Test func sigmoidSteepestSlopeIsKAtZero() {
        let sigmoid = Activation(.sigmoid, lipschitz: 0.5)
        #expect(abs(sigmoid.derivative(0) - 0.5) < 1e-15)
        #expect(sigmoid.slopeRange(lower: -1, upper: 2).upperBound == sigmoid.derivative(0))
        #expect(sigmoid.slopeRange(lower: 1, upper: 2).upperBound == sigmoid.derivative(1))
        #expect(sigmoid.curvature(lower: -2, upper: -1) == .convex)
        #expect(sigmoid.curvature(lower: -1, upper: 1) == .mixed)
    }
}

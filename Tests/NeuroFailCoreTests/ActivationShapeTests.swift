import Foundation
import Testing

@testable import NeuroFailCore

/// The shape facts the bounds rely on, checked against the function itself: chord slopes measured from φ, and
/// curvature from second differences of φ.
struct ActivationShapeTests {
    /// Every function at three K, with its parameters varied: leaky-relu with α = 0 (a ReLU), 0.1 and 0.6; clip with
    /// ranges around 0, on one side of 0 and far from it (kinks inside and outside the sampled [−4, 4]).
    static let activations = Activation.Function.allCases.flatMap { f in
        [0.3, 1, 2.5].flatMap { k -> [Activation] in
            switch f {
            case .leakyRelu: return [0, 0.1, 0.6].map { Activation(f, lipschitz: k, alpha: $0) }
            case .clip:
                return [-1.0...1.0, 0.0...6.0, 0.5...2.0, -2.0 ... -0.25, 20.0...30.0].map {
                    Activation(f, lipschitz: k, clipRange: $0)
                }
            default: return [Activation(f, lipschitz: k)]
            }
        }
    }

    @Test func everyFunctionIsCovered() {
        #expect(Set(Self.activations.map(\.function)) == Set(Activation.Function.allCases))
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

    @Test(arguments: activations)
    func derivativeIsTheRightDerivativeAndLiesInTheSlopeRange(activation: Activation) {
        var rng = Xoshiro256(seed: 13)
        // Random points and every kink: 0 and, for the clamps, the corners (lo − c)/K and (hi − c)/K.
        var points = (0..<500).map { _ in 8 * rng.nextUnit() - 4 } + [0]
        let (c, lo, hi) = activation.clamp
        if lo.isFinite {
            // Only corners that land exactly on the kink in Float64 (K·x + c == lo), or the difference quotient
            // straddles it.
            points += [(lo - c) / activation.lipschitz, (hi - c) / activation.lipschitz].filter { x in
                let z = activation.lipschitz * x + c
                return z == lo || z == hi
            }
        }
        for x in points {
            let h = 1e-7 * max(1, abs(x))
            let right = (activation(x + h) - activation(x)) / h
            #expect(abs(activation.derivative(x) - right) <= 1e-5 * max(1, activation.lipschitz), "at \(x)")
            // Strictly inside an interval around x, φ′(x) is within the slope range of that interval.
            let range = activation.slopeRange(lower: x - 0.5, upper: x + 0.5)
            #expect(range.contains(activation.derivative(x)) || abs(activation.derivative(x) - range.upperBound) < 1e-12)
        }
    }

    @Test(arguments: activations)
    func outputsStayInTheOutputRange(activation: Activation) {
        guard let range = activation.outputRange else { return }
        for x in stride(from: -50.0, through: 50, by: 0.37) { #expect(range.contains(activation(x))) }
        // And the range is attained (to rounding) far out on both sides: it is the tightest closed interval.
        #expect(abs(activation(-1e6) - range.lowerBound) < 1e-12)
        #expect(abs(activation(1e6) - range.upperBound) < 1e-12)
    }

    #if arch(x86_64) || arch(i386)
    /// The rounding error of φ in Float64 against the same formula in 80-bit extended precision (64-bit
    /// significand: 11 more bits than Double, so the reference's own error is ~2⁻¹¹ of what is measured).
    @Test(arguments: activations)
    func evaluationErrorBoundsTheFloat64RoundingError(activation: Activation) {
        var rng = Xoshiro256(seed: 14)
        for _ in 0..<4_000 {
            let x = (16 * rng.nextUnit() - 8) * (rng.nextUnit() < 0.1 ? 1e-6 : 1)
            let exact = extended(activation, Float80(x))
            let error = abs(Float80(activation(x)) - exact)
            let magnitude = Double(abs(exact))
            #expect(Double(error) <= activation.evaluationError(magnitude: magnitude) * (1 + 1.0 / 1024), "at \(x)")
        }
    }

    private func extended(_ a: Activation, _ x: Float80) -> Float80 {
        let k = Float80(a.lipschitz)
        switch a.function {
        case .relu: return k * max(0, x)
        case .sigmoid: return 1 / (1 + exp(-4 * k * x))
        case .tanh: return tanh(k * x)
        case .leakyRelu: return k * (x >= 0 ? x : Float80(a.alpha) * x)
        case .hardSigmoid: return min(max(k * x + 0.5, 0), 1)
        case .clip:
            let r = a.clipRange ?? Activation.defaultClipRange
            return min(max(k * x, Float80(r.lowerBound)), Float80(r.upperBound))
        }
    }
    #endif

    @Test func leakyReluSlopesAreAlphaKAndK() {
        let leaky = Activation(.leakyRelu, lipschitz: 2, alpha: 0.25)
        #expect(leaky(-4) == -2)
        #expect(leaky(3) == 6)
        #expect(leaky.slopeRange(lower: -3, upper: -1) == 0.5...0.5)
        #expect(leaky.slopeRange(lower: -1, upper: 1) == 0.5...2)
        #expect(leaky.curvature(lower: -1, upper: 1) == .convex)
        #expect(leaky.derivative(0) == 2)
    }

    @Test func clipHasAConvexAndAConcaveCorner() {
        // ReLU6: corners at 0 (slope 0 → 1) and 6 (slope 1 → 0).
        let relu6 = Activation(.clip, lipschitz: 1, clipRange: 0...6)
        #expect(relu6(-1) == 0 && relu6(2.5) == 2.5 && relu6(7) == 6)
        #expect(relu6.curvature(lower: -1, upper: 1) == .convex)
        #expect(relu6.curvature(lower: 5, upper: 7) == .concave)
        #expect(relu6.curvature(lower: -1, upper: 7) == .mixed)
        #expect(relu6.curvature(lower: 1, upper: 5) == .affine)
        #expect(relu6.slopeRange(lower: 7, upper: 9) == 0...0)
        #expect(relu6.slopeRange(lower: 5, upper: 7) == 0...1)
        #expect(relu6.outputRange == 0...6)
    }

    @Test func hardSigmoidCrossesOneHalfAtZeroWithSlopeK() {
        let hard = Activation(.hardSigmoid, lipschitz: 0.2)
        #expect(hard(0) == 0.5)
        #expect(hard(2.5) == 1 && hard(-2.5) == 0)
        #expect(abs(hard(1) - 0.7) < 1e-15)
        #expect(hard.derivative(0) == 0.2 && hard.derivative(2.5) == 0)
        #expect(hard.slopeRange(lower: -1, upper: 1) == 0.2...0.2)
        #expect(hard.curvature(lower: -3, upper: 0) == .convex)
    }

    @Test func tanhSteepestSlopeIsKAtZero() {
        let t = Activation(.tanh, lipschitz: 1.5)
        #expect(t.derivative(0) == 1.5)
        #expect(abs(t(1) - tanh(1.5)) == 0)
        #expect(t.curvature(lower: 0.1, upper: 1) == .concave)
        #expect(t.outputRange == -1...1)
    }

    @Test func parametersAFunctionDoesNotTakeAreNormalised() {
        #expect(Activation(.relu, lipschitz: 1, alpha: 0.3) == Activation(.relu, lipschitz: 1))
        #expect(Activation(.tanh, lipschitz: 1, clipRange: 0...2) == Activation(.tanh, lipschitz: 1))
        #expect(Activation(.leakyRelu, lipschitz: 1).alpha == 0.01)
        #expect(Activation(.leakyRelu, lipschitz: 1, alpha: 0) != Activation(.leakyRelu, lipschitz: 1))
    }
}

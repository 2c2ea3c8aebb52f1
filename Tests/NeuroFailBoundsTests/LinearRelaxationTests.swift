import Foundation
import NeuroFailCore
import Testing

@testable import NeuroFailBounds

/// The relaxation of one activation over an interval is a pair of lines with lower(x) ≤ φ(x) ≤ upper(x) for every
/// x of the interval, in exact arithmetic (the doc comment of ``LinearRelaxation``). Checked against φ and the lines
/// evaluated in 80-bit extended precision, so a line that is valid only up to Float64 rounding fails.
struct LinearRelaxationTests {
    #if arch(x86_64) || arch(i386)
    /// An interval of one of seven kinds: ordinary, degenerate, far in positive or negative saturation, a few ulps
    /// wide, very wide across 0, or with an end exactly on a kink of φ.
    static func randomInterval(_ φ: Activation, _ rng: inout Xoshiro256) -> (lower: Double, upper: Double, kind: Int) {
        let kind = rng.nextIndex(7)
        func ordered(_ a: Double, _ b: Double) -> (Double, Double, Int) { (min(a, b), max(a, b), kind) }
        switch kind {
        case 0: return ordered(12 * rng.nextUnit() - 6, 12 * rng.nextUnit() - 6)
        case 1:
            let x = rng.nextUnit() < 0.2 ? 0 : 12 * rng.nextUnit() - 6
            return (x, x, kind)
        case 2:
            let a = pow(10, 1 + 3 * rng.nextUnit())
            return ordered(a, a * (1 + 10 * rng.nextUnit()))
        case 3:
            let a = -pow(10, 1 + 3 * rng.nextUnit())
            return ordered(a, a * (1 + 10 * rng.nextUnit()))
        case 4:
            var a = 12 * rng.nextUnit() - 6, b = a
            for _ in 0..<(1 + rng.nextIndex(4)) { b = b.nextUp }
            if rng.nextUnit() < 0.5 { (a, b) = (-b, -a) }
            return (a, b, kind)
        case 5: return (-pow(10, 6 * rng.nextUnit()), pow(10, 6 * rng.nextUnit()), kind)
        default:
            // A kink of φ: 0 for the ReLUs, the two corners (lo − c)/K and (hi − c)/K of the clamps; the sigmoid and
            // tanh have their inflection point at 0.
            let k = φ.lipschitz
            let kinks: [Double]
            switch φ.function {
            case .hardSigmoid: kinks = [-0.5 / k, 0.5 / k]
            case .clip: kinks = [(φ.clipRange ?? Activation.defaultClipRange).lowerBound / k, (φ.clipRange ?? Activation.defaultClipRange).upperBound / k]
            default: kinks = [0]
            }
            let kink = kinks[rng.nextIndex(kinks.count)]
            let other = kink + (rng.nextUnit() < 0.5 ? -1 : 1) * 3 * rng.nextUnit()
            return ordered(kink, other)
        }
    }

    /// The interval's ends, their neighbours inside it, and uniform points.
    static func points(_ lower: Double, _ upper: Double, _ rng: inout Xoshiro256) -> [Double] {
        var xs = [lower, upper, min(lower.nextUp, upper), max(upper.nextDown, lower)]
        for _ in 0..<30 { xs.append(min(upper, max(lower, lower + (upper - lower) * rng.nextUnit()))) }
        return xs
    }

    /// How far below φ the lower line lies at x (negative: it crosses φ), in extended precision. The slack covers
    /// the extended evaluation's own error (a few 2⁻⁶⁴ of the magnitudes involved), 2,000 times below Float64's.
    static func gaps(_ r: LinearRelaxation, _ φ: Activation, at x: Double) -> (below: Float80, above: Float80, slack: Float80) {
        let X = Float80(x), v = extended(φ, X)
        let low = Float80(r.lower.slope) * X + Float80(r.lower.offset)
        let high = Float80(r.upper.slope) * X + Float80(r.upper.offset)
        let scale = abs(v) + abs(Float80(r.lower.slope) * X) + abs(Float80(r.upper.slope) * X) + abs(Float80(r.lower.offset))
            + abs(Float80(r.upper.offset)) + 1
        return (v - low, high - v, 32 * extendedUnit * scale)
    }

    @Test func linesSandwichEveryActivationOverRandomIntervals() {
        var rng = Xoshiro256(seed: 2026)
        var perFunction = [Activation.Function: Int]()
        var kinds = Set<Int>()
        var tight = 0
        for _ in 0..<12_000 {
            let φ = randomActivation(&rng)
            let (lower, upper, kind) = Self.randomInterval(φ, &rng)
            let r = LinearRelaxation(φ, lower: lower, upper: upper)
            for x in Self.points(lower, upper, &rng) {
                let (below, above, slack) = Self.gaps(r, φ, at: x)
                #expect(below >= -slack, "lower line above \(φ.summary) at \(x) in [\(lower), \(upper)]: \(r)")
                #expect(above >= -slack, "upper line below \(φ.summary) at \(x) in [\(lower), \(upper)]: \(r)")
                if below < 1e-9 && above < 1e-9 { tight += 1 }
            }
            perFunction[φ.function, default: 0] += 1
            kinds.insert(kind)
        }
        #expect(Activation.Function.allCases.allSatisfy { perFunction[$0, default: 0] >= 1_000 }, "\(perFunction)")
        #expect(kinds.count == 7)
        // Not vacuous: many intervals are affine pieces or points, where both lines touch φ.
        #expect(tight > 10_000, "both lines within 1e-9 of φ at \(tight) points")
    }

    /// A single point is bracketed by two constants a few ulps apart, and the constants hold φ there exactly.
    @Test func aDegenerateIntervalGivesTwoConstantsAroundTheValue() {
        for φ in [Activation(.sigmoid, lipschitz: 0.7), Activation(.relu, lipschitz: 2), Activation(.tanh, lipschitz: 3)] {
            for x in [-2.5, 0, 1e-300, 0.3, 40] {
                let r = LinearRelaxation(φ, lower: x, upper: x)
                #expect(r.lower.slope == 0 && r.upper.slope == 0)
                #expect(Float80(r.lower.offset) <= extended(φ, Float80(x)) && extended(φ, Float80(x)) <= Float80(r.upper.offset))
                #expect(r.upper.offset - r.lower.offset <= 1e-14 * max(1, abs(φ(x))))
            }
        }
    }

    /// ReLU over [−1, 3] (DeepPoly's triangle): the upper line is the chord 3/4·(x + 1); the lower line is the
    /// tangent of the longer side, x itself (slope 1 through 0), both to rounding. Over [−3, 1] the lower line is 0.
    @Test func reluStraddlingZeroGivesTheChordAndTheLongerSide() {
        let relu = Activation(.relu, lipschitz: 1)
        let r = LinearRelaxation(relu, lower: -1, upper: 3)
        #expect(r.upper.slope == 0.75)
        #expect(abs(r.upper.offset - 0.75) < 1e-14 && r.upper.offset >= 0.75)
        #expect(r.lower.slope == 1)
        #expect(abs(r.lower.offset) < 1e-14 && r.lower.offset <= 0)
        let left = LinearRelaxation(relu, lower: -3, upper: 1)
        #expect(left.lower.slope == 0 && abs(left.lower.offset) < 1e-14 && left.lower.offset <= 0)
    }

    /// Far in saturation the sigmoid is flat to within e^(−4K·20): both lines are nearly the constant 1 and still
    /// hold it.
    @Test func saturatedSigmoidGivesNearlyConstantLinesThatStillHold() {
        let sigmoid = Activation(.sigmoid, lipschitz: 1)
        let r = LinearRelaxation(sigmoid, lower: 20, upper: 1e4)
        for x in [20.0, 21, 100, 1e4] {
            let v = extended(sigmoid, Float80(x))
            #expect(Float80(r.lower.slope) * Float80(x) + Float80(r.lower.offset) <= v)
            #expect(Float80(r.upper.slope) * Float80(x) + Float80(r.upper.offset) >= v)
        }
        #expect(abs(r.lower(1e4) - 1) < 1e-12 && abs(r.upper(20) - 1) < 1e-12)
    }
    #endif

    /// SlopeBounds contains every chord slope of the interval (the mean value theorem's s), measured from φ alone,
    /// and never goes below 0 (every activation is non-decreasing).
    @Test func slopeBoundsContainEveryChordSlope() {
        var rng = Xoshiro256(seed: 2027)
        for _ in 0..<3_000 {
            let φ = randomActivation(&rng)
            let a = 10 * rng.nextUnit() - 5, b = 10 * rng.nextUnit() - 5
            let (lower, upper) = (min(a, b), max(a, b))
            let s = SlopeBounds(φ, lower: lower, upper: upper)
            #expect(s.lower >= 0 && s.lower <= s.upper)
            for _ in 0..<6 {
                let p = lower + (upper - lower) * rng.nextUnit(), q = lower + (upper - lower) * rng.nextUnit()
                guard abs(p - q) > 1e-4 else { continue }
                let chord = (φ(p) - φ(q)) / (p - q)
                // The chord itself is computed in Float64: a relative 1e-9 covers its rounding at |p − q| > 1e-4.
                #expect(chord >= s.lower - 1e-9 * max(1, abs(chord)) && chord <= s.upper + 1e-9 * max(1, abs(chord)), "\(φ.summary) [\(lower), \(upper)]")
            }
        }
    }
}

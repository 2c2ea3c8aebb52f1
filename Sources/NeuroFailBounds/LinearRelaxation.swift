import Foundation
import NeuroFailCore

/// A straight line a·x + b, the building block of linear relaxations.
struct Line: Sendable, Hashable {
    var slope: Double
    var offset: Double

    static let zero = Line(slope: 0, offset: 0)

    func callAsFunction(_ x: Double) -> Double { slope * x + offset }
}

/// Two lines that sandwich an activation over an interval: lower(x) ≤ φ(x) ≤ upper(x) for every real x in
/// [lo, hi], in exact arithmetic (Docs/theory.md, section 12).
///
/// The lines are computed in Float64 and then made valid rigorously: each offset is pushed outward by the largest
/// amount by which rounding could have let the line cross φ at the points where a crossing would first happen
/// (the interval's ends for a chord, the touching point for a tangent). A line's slope may be any number: validity
/// only needs the offsets.
struct LinearRelaxation: Sendable, Hashable {
    var lower: Line
    var upper: Line

    /// The exact relaxation of an affine piece or a single point.
    init(lower: Line, upper: Line) {
        self.lower = lower
        self.upper = upper
    }

    /// Lines for `φ` over [lo, hi] (lo ≤ hi, both finite).
    init(_ φ: Activation, lower lo: Double, upper hi: Double) {
        let u = RoundingError.unit
        let magnitude = max(abs(φ(lo)), abs(φ(hi)))
        let evaluation = φ.evaluationError(magnitude: magnitude)
        /// The line of slope `a` touching φ from above (`up`) or below at the ends of the interval: valid when
        /// φ(x) − a·x is convex (from above) or concave (from below) on the interval, since its extremes are then at
        /// the ends.
        func throughEnds(_ a: Double, up: Bool) -> Line {
            var best = up ? -Double.infinity : Double.infinity
            var slack = 0.0
            for p in [lo, hi] {
                let v = φ(p), ap = a * p
                let r = v - ap
                best = up ? max(best, r) : min(best, r)
                slack = max(slack, 3 * u * (abs(v) + abs(ap)))
            }
            let error = slack + evaluation
            return Line(slope: a, offset: up ? RoundingError.above(best, by: error) : RoundingError.below(best, by: error))
        }
        /// The tangent at `t`, pushed outward: if φ − a·x is convex, φ(x) − a x ≥ φ(t) − a t − |φ′(t) − a|·(hi − lo),
        /// and a = fl(φ′(t)) is within a few ulps of φ′(t).
        func tangent(at t: Double, up: Bool) -> Line {
            let a = φ.derivative(t)
            let v = φ(t), at = a * t
            let error = 8 * u * abs(a) * (hi - lo) + 3 * u * (abs(v) + abs(at)) + evaluation
            let r = v - at
            return Line(slope: a, offset: up ? RoundingError.above(r, by: error) : RoundingError.below(r, by: error))
        }

        if !(hi > lo) {
            // A single point: the constant φ(lo) ± its evaluation error.
            let v = φ(lo)
            self.init(
                lower: Line(slope: 0, offset: RoundingError.below(v, by: evaluation)),
                upper: Line(slope: 0, offset: RoundingError.above(v, by: evaluation)))
            return
        }
        switch φ.curvature(lower: lo, upper: hi) {
        case .affine:
            let s = φ.slopeRange(lower: lo, upper: hi).lowerBound
            self.init(lower: throughEnds(s, up: false), upper: throughEnds(s, up: true))
        case .convex:
            // Upper: the chord. Lower: a tangent; for ReLU (a kink at 0) the tangent at the end whose side is
            // longer, which is DeepPoly's choice of slope K or 0.
            let chord = (φ(hi) - φ(lo)) / (hi - lo)
            let t: Double
            if φ.function == .relu { t = hi > -lo ? hi : lo } else { t = (lo + hi) / 2 }
            self.init(lower: tangent(at: t, up: false), upper: throughEnds(chord, up: true))
        case .concave:
            let chord = (φ(hi) - φ(lo)) / (hi - lo)
            self.init(lower: throughEnds(chord, up: false), upper: tangent(at: (lo + hi) / 2, up: true))
        case .mixed:
            // Lines through the ends with the smallest slope of the interval (DeepPoly's sigmoid rule): φ rises at
            // least that fast, so the line through (lo, φ(lo)) stays below φ to its right and the one through
            // (hi, φ(hi)) stays above φ to its left.
            let s = SlopeBounds(φ, lower: lo, upper: hi).lower
            let below = φ(lo) - s * lo, above = φ(hi) - s * hi
            let error = 3 * u * (magnitude + s * max(abs(lo), abs(hi))) + evaluation
            self.init(
                lower: Line(slope: s, offset: RoundingError.below(below, by: error)),
                upper: Line(slope: s, offset: RoundingError.above(above, by: error)))
        }
    }
}

/// The range of φ′ over an interval, shaded outward so that it contains the exact range despite rounding in the
/// computed slopes (relative error below 10⁻¹² wherever a slope does not underflow to 0: Docs/theory.md,
/// section 14).
struct SlopeBounds: Sendable, Hashable {
    var lower: Double
    var upper: Double

    init(_ φ: Activation, lower lo: Double, upper hi: Double) {
        let range = φ.slopeRange(lower: lo, upper: hi)
        lower = max(0, range.lowerBound * (1 - 1e-12))
        upper = range.upperBound * (1 + 1e-12)
    }
}

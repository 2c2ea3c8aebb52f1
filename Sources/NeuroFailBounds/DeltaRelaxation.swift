import NeuroFailCore

/// Linear bounds on the deviation Δy = φ(z) − φ(z′) of one neuron, in terms of its pristine pre-activation z and
/// the pre-activation difference δ = z − z′: lower.z·z + lower.d·δ + lower.b ≤ Δy ≤ upper.z·z + upper.d·δ + upper.b
/// for every z, z′ in their intervals (Docs/theory.md, section 12).
struct DeltaRelaxation: Sendable, Hashable {
    /// A plane c_z·z + c_d·δ + c_b.
    struct Plane: Sendable, Hashable {
        var z: Double
        var d: Double
        var b: Double
        static let zero = Plane(z: 0, d: 0, b: 0)
    }

    var lower: Plane
    var upper: Plane

    /// The relaxation of an unaffected neuron: Δy = 0 exactly.
    static let zero = DeltaRelaxation(lower: .zero, upper: .zero)

    init(lower: Plane, upper: Plane) {
        self.lower = lower
        self.upper = upper
    }

    /// Bounds for a neuron with activation φ, pristine pre-activation in `z`, faulty one in `zPrime` and
    /// difference in `delta` (all rigorous intervals), given the relaxations of φ over `z` (`pristine`) and over
    /// `zPrime` (`faulty`).
    ///
    /// Two constructions, both valid (section 12): *separate* — Δy ≤ U(z) − L′(z − δ) and Δy ≥ L(z) − U′(z − δ)
    /// from the two relaxations, exact when either side is affine (a ReLU that is surely on or surely off); and
    /// *slope* — Δy = s·δ for some s in the slope range of φ over the hull of both intervals (mean value theorem),
    /// bounded by the chords of max(s₀δ, s₁δ) and min(s₀δ, s₁δ) over δ's interval, best when both neurons may
    /// switch. The separate form is used when either side is affine, the slope form otherwise.
    init(
        _ φ: Activation, z: (Double, Double), zPrime: (Double, Double), delta: (Double, Double),
        pristine: LinearRelaxation, faulty: LinearRelaxation
    ) {
        let u = RoundingError.unit
        let zMax = max(abs(z.0), abs(z.1)), dMax = max(abs(delta.0), abs(delta.1))
        let separate =
            φ.curvature(lower: z.0, upper: z.1) == .affine || φ.curvature(lower: zPrime.0, upper: zPrime.1) == .affine
        if separate {
            // U(z) − L′(z − δ) = (U.a − L′.a)·z + L′.a·δ + (U.b − L′.b); the rounded coefficients move the plane
            // by at most the rounding of each sum times the largest |z|, which the offset absorbs.
            func combine(_ p: Line, _ q: Line, up: Bool) -> Plane {
                let cz = p.slope - q.slope, cb = p.offset - q.offset
                let error = 2 * u * (abs(cz) * zMax + abs(cb))
                return Plane(z: cz, d: q.slope, b: up ? RoundingError.above(cb, by: error) : RoundingError.below(cb, by: error))
            }
            self.init(lower: combine(pristine.lower, faulty.upper, up: false), upper: combine(pristine.upper, faulty.lower, up: true))
            return
        }
        let s = SlopeBounds(φ, lower: min(z.0, zPrime.0), upper: max(z.1, zPrime.1))
        let (lo, hi) = delta
        // max(s₀δ, s₁δ) is convex in δ and min(s₀δ, s₁δ) concave: their chords over [lo, hi] bound them.
        func chord(_ a: Double, _ b: Double, up: Bool) -> Plane {
            // The line through (lo, a·lo) and (hi, b·hi), offset made valid at both ends.
            let slope = (b * hi - a * lo) / (hi - lo)
            let r0 = a * lo - slope * lo, r1 = b * hi - slope * hi
            let error = 3 * u * (abs(a * lo) + abs(b * hi) + abs(slope) * dMax)
            let offset = up ? RoundingError.above(max(r0, r1), by: error) : RoundingError.below(min(r0, r1), by: error)
            return Plane(z: 0, d: slope, b: offset)
        }
        let upper: Plane, lower: Plane
        if lo >= 0 {
            upper = Plane(z: 0, d: s.upper, b: 0)
            lower = Plane(z: 0, d: s.lower, b: 0)
        } else if hi <= 0 {
            upper = Plane(z: 0, d: s.lower, b: 0)
            lower = Plane(z: 0, d: s.upper, b: 0)
        } else {
            upper = chord(s.lower, s.upper, up: true)
            lower = chord(s.upper, s.lower, up: false)
        }
        self.init(lower: lower, upper: upper)
    }
}

import Foundation

extension Activation {
    /// The curvature of φ over an interval, which decides how a bound may replace φ by straight lines there
    /// (a chord lies above a convex function and below a concave one; tangents the other way round).
    public enum Curvature: Sendable, Hashable {
        /// φ is affine on the interval (both convex and concave): φ(x) = slope·x + offset exactly.
        case affine
        /// φ is convex on the interval.
        case convex
        /// φ is concave on the interval.
        case concave
        /// Neither (the interval straddles an inflection point or a kink of the wrong sign).
        case mixed
    }

    /// φ′(x), the slope at x; at a kink (ReLU at 0) the right derivative. Units: output per input.
    public func derivative(_ x: Double) -> Double {
        switch function {
        case .relu: return x > 0 ? lipschitz : 0
        case .sigmoid:
            // 4K·σ(1 − σ) written as 4K·t / (1 + t)² with t = e^(−4K|x|): no cancellation in 1 − σ, so the slope
            // is accurate to a few ulps even where σ saturates (the bounds rely on that).
            let t = exp(-4 * lipschitz * abs(x))
            return 4 * lipschitz * t / ((1 + t) * (1 + t))
        }
    }

    /// The range [s_min, s_max] of φ′ over [lower, upper] (lower ≤ upper). By the mean value theorem every chord
    /// slope (φ(b) − φ(a)) / (b − a) with a ≠ b in the interval lies in it, so φ(b) − φ(a) = s·(b − a) for some s
    /// in the range: the fact the difference bounds rest on (Docs/theory.md, section 11).
    public func slopeRange(lower: Double, upper: Double) -> ClosedRange<Double> {
        switch function {
        case .relu:
            if upper <= 0 { return 0...0 }
            if lower >= 0 { return lipschitz...lipschitz }
            return 0...lipschitz
        case .sigmoid:
            // φ′ is even and decreasing in |x|: largest at the point nearest 0, smallest at the farther end.
            let nearest = min(max(0, lower), upper)
            let high = derivative(nearest)
            let low = min(derivative(lower), derivative(upper))
            return min(low, high)...high
        }
    }

    /// The curvature of φ over [lower, upper] (lower ≤ upper).
    public func curvature(lower: Double, upper: Double) -> Curvature {
        switch function {
        case .relu:
            if upper <= 0 || lower >= 0 { return .affine }
            return .convex
        case .sigmoid:
            // σ is convex below its inflection point 0 and concave above.
            if upper <= 0 { return .convex }
            if lower >= 0 { return .concave }
            return .mixed
        }
    }

    /// An upper bound on |fl(φ(x)) − φ(x)|, the rounding error of evaluating φ in Float64, for |φ(x)| ≤ `magnitude`.
    /// ReLU is exact up to the one rounding of K·x; the sigmoid goes through `exp`, a division and an addition.
    public func evaluationError(magnitude: Double) -> Double {
        let u = Double.ulpOfOne / 2
        switch function {
        case .relu: return u * magnitude
        case .sigmoid: return 8 * u * max(magnitude, 1)
        }
    }
}

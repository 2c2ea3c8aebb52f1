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

    /// φ′(x), the slope at x; at a kink (ReLU and leaky-ReLU at 0, the two corners of hard-sigmoid and clip) the
    /// right derivative, lim_(h↓0) (φ(x + h) − φ(x)) / h. Units: output per input.
    public func derivative(_ x: Double) -> Double {
        switch function {
        case .relu: return x >= 0 ? lipschitz : 0
        case .sigmoid:
            // 4K·σ(1 − σ) written as 4K·t / (1 + t)² with t = e^(−4K|x|): no cancellation in 1 − σ, so the slope
            // is accurate to a few ulps even where σ saturates (the bounds rely on that).
            let t = exp(-4 * lipschitz * abs(x))
            return 4 * lipschitz * t / ((1 + t) * (1 + t))
        case .tanh:
            // K·sech²(Kx), not K·(1 − tanh²): no cancellation where tanh saturates.
            let c = cosh(lipschitz * x)
            return lipschitz / (c * c)
        case .leakyRelu: return x >= 0 ? lipschitz : alpha * lipschitz
        case .hardSigmoid, .clip:
            // The linear piece is lo <= K·x + c < hi (right-continuous slope at both corners).
            let (c, lo, hi) = clamp
            let z = lipschitz * x + c
            return z >= lo && z < hi ? lipschitz : 0
        }
    }

    /// hard-sigmoid and clip as min(max(K·x + offset, lower), upper); the identity clamp for the other functions
    /// (never used for them).
    var clamp: (offset: Double, lower: Double, upper: Double) {
        switch function {
        case .hardSigmoid: return (0.5, 0, 1)
        case .clip:
            let r = clipRange ?? Activation.defaultClipRange
            return (0, r.lowerBound, r.upperBound)
        default: return (0, -.infinity, .infinity)
        }
    }

    /// The range [s_min, s_max] of φ′ over [lower, upper] (lower ≤ upper). By the mean value theorem every chord
    /// slope (φ(b) − φ(a)) / (b − a) with a ≠ b in the interval lies in it, so φ(b) − φ(a) = s·(b − a) for some s
    /// in the range: the fact the difference bounds rest on (Docs/theory.md, section 11).
    public func slopeRange(lower: Double, upper: Double) -> ClosedRange<Double> {
        switch function {
        case .relu, .leakyRelu:
            let negative = alpha * lipschitz
            if upper <= 0 { return negative...negative }
            if lower >= 0 { return lipschitz...lipschitz }
            return negative...lipschitz
        case .sigmoid, .tanh:
            // φ′ is even and decreasing in |x|: largest at the point nearest 0, smallest at the farther end.
            let nearest = min(max(0, lower), upper)
            let high = derivative(nearest)
            let low = min(derivative(lower), derivative(upper))
            return min(low, high)...high
        case .hardSigmoid, .clip:
            guard lower < upper else { return derivative(lower)...derivative(lower) }
            // Slope K where lo < K·x + c < hi, 0 outside; compared in output units, as φ is computed.
            let (c, lo, hi) = clamp
            let a = lipschitz * lower + c, b = lipschitz * upper + c
            let linear = a < hi && b > lo
            let flat = a < lo || b > hi
            if linear && flat { return 0...lipschitz }
            return linear ? lipschitz...lipschitz : 0...0
        }
    }

    /// The curvature of φ over [lower, upper] (lower ≤ upper).
    public func curvature(lower: Double, upper: Double) -> Curvature {
        switch function {
        case .relu, .leakyRelu:
            // One kink at 0 where the slope rises from α·K to K (α < 1).
            if upper <= 0 || lower >= 0 { return .affine }
            return .convex
        case .sigmoid, .tanh:
            // Both are convex below their inflection point 0 and concave above.
            if upper <= 0 { return .convex }
            if lower >= 0 { return .concave }
            return .mixed
        case .hardSigmoid, .clip:
            // Two kinks: at K·x + c = lo the slope rises from 0 to K (convex), at K·x + c = hi it falls back (concave).
            let (c, lo, hi) = clamp
            let a = lipschitz * lower + c, b = lipschitz * upper + c
            let rising = a < lo && b > lo
            let falling = a < hi && b > hi
            switch (rising, falling) {
            case (false, false): return .affine
            case (true, false): return .convex
            case (false, true): return .concave
            case (true, true): return .mixed
            }
        }
    }

    /// An upper bound on |fl(φ(x)) − φ(x)|, the rounding error of evaluating φ in Float64, for |φ(x)| ≤ `magnitude`.
    /// ReLU and clip are exact up to the one rounding of K·x (rounding is monotone, so a value the exact function
    /// clamps is clamped in Float64 too, exactly); leaky-ReLU rounds twice on the negative side (α·x, then K·);
    /// hard-sigmoid rounds K·x (at most 1/2 in magnitude where it is not clamped) and then the sum with 1/2 (at most
    /// 1); the sigmoid and tanh go through `exp` or `tanh`, whose library error is a few ulps of a result ≤ 1.
    public func evaluationError(magnitude: Double) -> Double {
        let u = Double.ulpOfOne / 2
        switch function {
        case .relu, .clip: return u * magnitude
        case .leakyRelu: return (2 * u + u * u) * magnitude
        case .hardSigmoid: return 2 * u
        case .sigmoid, .tanh: return 8 * u * max(magnitude, 1)
        }
    }
}

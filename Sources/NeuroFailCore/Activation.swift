import Foundation

/// A neuron's activation function φ with its Lipschitz constant K.
///
/// In every function K is the steepest slope, so φ is K-Lipschitz and every bound can use K alone:
///
/// - `relu`: relu_K(x) = K·max(0, x). Unbounded; outputs ≥ 0.
/// - `sigmoid`: sigmoid_K(x) = 1/(1 + e^(−4Kx)). Slope K at 0 (its steepest); outputs in (0, 1).
/// - `tanh`: tanh_K(x) = tanh(K·x). Slope K at 0 (its steepest); outputs in (−1, 1).
/// - `leaky-relu`: leaky_K,α(x) = K·x for x ≥ 0 and K·α·x for x < 0, with 0 ≤ α < 1 (``alpha``). Unbounded.
/// - `hard-sigmoid`: hard-sigmoid_K(x) = min(max(K·x + 1/2, 0), 1): slope K on |x| < 1/(2K), 0 outside; outputs in
///   [0, 1]. It crosses 1/2 at 0 with slope K, like sigmoid_K.
/// - `clip`: clip_K,[lo,hi](x) = min(max(K·x, lo), hi) with lo < hi (``clipRange``): slope K between the kinks
///   lo/K and hi/K, 0 outside; outputs in [lo, hi]. ReLU6 is clip with K = 1 and [0, 6].
///
/// The factor 4 in the sigmoid keeps the paper's meaning of K (the steepest slope). The paper's companion code and
/// ONNX use 1/(1+e^(−x)), whose Lipschitz constant is 1/4; such a neuron is written here with K = 1/4.
///
/// Every function is monotone non-decreasing (``image(lower:upper:)`` relies on it). Parameters a function does not
/// take are normalised (α = 0, no clip range), so equal functions compare equal.
public struct Activation: Sendable, Hashable {
    /// The shape of the function; the raw value is its name in chip files.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        /// K·max(0, x).
        case relu
        /// 1/(1 + e^(−4Kx)).
        case sigmoid
        /// tanh(K·x).
        case tanh
        /// K·x for x ≥ 0, α·K·x below.
        case leakyRelu = "leaky-relu"
        /// min(max(K·x + 1/2, 0), 1).
        case hardSigmoid = "hard-sigmoid"
        /// min(max(K·x, lo), hi).
        case clip
    }

    /// The shape.
    public var function: Function
    /// The Lipschitz constant K > 0 (the steepest slope).
    public var lipschitz: Double
    /// α of `leaky-relu`, in [0, 1): the slope on the negative side is α·K. 0 for every other function.
    public private(set) var alpha: Double
    /// The output range [lo, hi] (lo < hi, both finite) of `clip`; nil for every other function.
    public private(set) var clipRange: ClosedRange<Double>?

    /// The default α of `leaky-relu` when none is given: 0.01, as in ONNX, PyTorch and Keras.
    public static let defaultAlpha = 0.01
    /// The default range of `clip` when none is given: [−1, 1] (a hard tanh).
    public static let defaultClipRange: ClosedRange<Double> = -1...1

    /// An activation; `alpha` is used by `leaky-relu` only and `clipRange` by `clip` only (nil: the defaults).
    ///
    /// Preconditions: 0 ≤ α < 1, a finite clip range of positive width (decoders check them, and K > 0, first with a
    /// user-facing error).
    public init(_ function: Function, lipschitz: Double, alpha: Double? = nil, clipRange: ClosedRange<Double>? = nil) {
        self.function = function
        self.lipschitz = lipschitz
        self.alpha = 0
        self.clipRange = nil
        switch function {
        case .leakyRelu:
            let a = alpha ?? Activation.defaultAlpha
            precondition(a >= 0 && a < 1, "leaky-relu needs 0 <= alpha < 1")
            self.alpha = a
        case .clip:
            let r = clipRange ?? Activation.defaultClipRange
            precondition(r.lowerBound < r.upperBound && r.lowerBound.isFinite && r.upperBound.isFinite,
                         "clip needs a finite range lower < upper")
            self.clipRange = r
        default:
            break
        }
    }

    /// φ(x).
    @inlinable
    public func callAsFunction(_ x: Double) -> Double {
        switch function {
        case .relu: return lipschitz * max(0, x)
        case .sigmoid: return 1 / (1 + exp(-4 * lipschitz * x))
        case .tanh: return tanh(lipschitz * x)
        case .leakyRelu: return lipschitz * (x >= 0 ? x : alpha * x)
        case .hardSigmoid: return min(max(lipschitz * x + 0.5, 0), 1)
        case .clip:
            let range = clipRange ?? Activation.defaultClipRange
            return min(max(lipschitz * x, range.lowerBound), range.upperBound)
        }
    }

    /// The exact range of φ over the interval [lower, upper] (φ is monotone non-decreasing).
    public func image(lower: Double, upper: Double) -> (lower: Double, upper: Double) {
        (self(lower), self(upper))
    }

    /// The closed interval every output of φ lies in, for the bounded functions (sigmoid and hard-sigmoid [0, 1],
    /// tanh [−1, 1], clip its range); nil for the unbounded ones (relu, leaky-relu).
    public var outputRange: ClosedRange<Double>? {
        switch function {
        case .relu, .leakyRelu: return nil
        case .sigmoid, .hardSigmoid: return 0...1
        case .tanh: return -1...1
        case .clip: return clipRange
        }
    }

    /// A short description with the parameters, e.g. `leaky-relu K=1 alpha=0.01` or `clip K=1 [0, 6]`.
    public var summary: String {
        var text = "\(function.rawValue) K=\(JSONValue.format(lipschitz))"
        if function == .leakyRelu { text += " alpha=\(JSONValue.format(alpha))" }
        if let r = clipRange { text += " [\(JSONValue.format(r.lowerBound)), \(JSONValue.format(r.upperBound))]" }
        return text
    }
}

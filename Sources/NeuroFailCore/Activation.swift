import Foundation

/// A neuron's activation function φ with its Lipschitz constant K.
///
/// - `relu`: relu_K(x) = K·max(0, x). Unbounded; K-Lipschitz; outputs ≥ 0.
/// - `sigmoid`: sigmoid_K(x) = 1/(1 + e^(−4Kx)). Slope K at 0 (its steepest), so K-Lipschitz; outputs in (0, 1).
///
/// The factor 4 in the sigmoid keeps the paper's meaning of K (the steepest slope). The paper's companion code used
/// 1/(1+e^(−Kx)), whose Lipschitz constant is K/4; a chip in that convention is written here with K' = K/4.
public struct Activation: Sendable, Hashable {
    /// The shape of the function.
    public enum Function: String, Sendable, Hashable, CaseIterable {
        case relu
        case sigmoid
    }

    /// The shape.
    public var function: Function
    /// The Lipschitz constant K > 0 (the steepest slope).
    public var lipschitz: Double

    public init(_ function: Function, lipschitz: Double) {
        self.function = function
        self.lipschitz = lipschitz
    }

    /// φ(x).
    @inlinable
    public func callAsFunction(_ x: Double) -> Double {
        switch function {
        case .relu: return lipschitz * max(0, x)
        case .sigmoid: return 1 / (1 + exp(-4 * lipschitz * x))
        }
    }

    /// The exact range of φ over the interval [lower, upper] (φ is monotone non-decreasing).
    public func image(lower: Double, upper: Double) -> (lower: Double, upper: Double) {
        (self(lower), self(upper))
    }
}

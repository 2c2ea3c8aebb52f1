import Foundation
import NeuroFailCore

/// An ``Activation`` in the trainer's Float32 arithmetic: φ for the forward pass and φ′ from φ's output for the
/// backward pass, with the parameters converted once so the inner loops are plain arithmetic.
struct Float32Activation: Sendable {
    let function: Activation.Function
    let k: Float
    let alpha: Float
    let lower: Float
    let upper: Float

    init(_ activation: Activation) {
        function = activation.function
        k = Float(activation.lipschitz)
        alpha = Float(activation.alpha)
        lower = Float(activation.clipRange?.lowerBound ?? 0)
        upper = Float(activation.clipRange?.upperBound ?? 0)
    }

    /// φ(z).
    @inline(__always)
    func callAsFunction(_ z: Float) -> Float {
        switch function {
        case .relu: return k * max(0, z)
        case .sigmoid: return 1 / (1 + exp(-4 * k * z))
        case .tanh: return tanh(k * z)
        case .leakyRelu: return k * (z >= 0 ? z : alpha * z)
        case .hardSigmoid: return min(max(k * z + 0.5, 0), 1)
        case .clip: return min(max(k * z, lower), upper)
        }
    }

    /// φ′ at the point where φ output `y`: every function's slope is a function of its output (K or α·K by the
    /// sign for the ReLUs, K on the open linear piece and 0 where clamped, 4K·y(1−y) and K(1−y²) for the smooth ones).
    @inline(__always)
    func slope(output y: Float) -> Float {
        switch function {
        case .relu: return y > 0 ? k : 0
        case .sigmoid: return 4 * k * y * (1 - y)
        case .tanh: return k * (1 - y * y)
        case .leakyRelu: return y > 0 ? k : alpha * k
        case .hardSigmoid: return y > 0 && y < 1 ? k : 0
        case .clip: return y > lower && y < upper ? k : 0
        }
    }
}

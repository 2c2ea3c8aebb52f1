import Foundation
import NeuroFailCore

/// The trainer's multilayer perceptron: every weight and bias in one contiguous Float32 buffer, so that gradients,
/// optimizer state and the shard reduction are flat loops.
///
/// Layout of `parameters`: for each layer in order (hidden layers, then the readout), its weights row-major
/// `outputs × inputs` (row o feeds neuron o, as in ``Layer``), then its biases.
struct Network: Sendable, Hashable {
    /// d, N_1...N_L, M.
    let sizes: [Int]
    let activation: Activation
    var parameters: [Float]
    /// Where each layer's weights and biases start in `parameters`.
    let weightOffsets: [Int]
    let biasOffsets: [Int]

    init(sizes: [Int], activation: Activation, parameters: [Float]? = nil) {
        precondition(sizes.count >= 3 && sizes.allSatisfy { $0 > 0 })
        self.sizes = sizes
        self.activation = activation
        var w = [Int]()
        var b = [Int]()
        var offset = 0
        for l in 0..<(sizes.count - 1) {
            w.append(offset)
            offset += sizes[l] * sizes[l + 1]
            b.append(offset)
            offset += sizes[l + 1]
        }
        weightOffsets = w
        biasOffsets = b
        self.parameters = parameters ?? [Float](repeating: 0, count: offset)
        precondition(self.parameters.count == offset)
    }

    var layerCount: Int { sizes.count - 1 }
    var hiddenNeurons: Int { sizes.dropFirst().dropLast().reduce(0, +) }

    /// He initialisation for relu_K and leaky-relu (std √(2/fan-in)/K) and Glorot for the others (std
    /// √(2/(fan-in + fan-out))/K, the 1/K keeping the pre-activations where the slope is K); Glorot for the readout;
    /// biases 0.
    static func initialized(sizes: [Int], activation: Activation, seed: UInt64) -> Network {
        var net = Network(sizes: sizes, activation: activation)
        var rng = Xoshiro256(seed: seed, stream: 0x1417)
        for l in 0..<net.layerCount {
            let fanIn = Double(sizes[l])
            let fanOut = Double(sizes[l + 1])
            let readout = l == net.layerCount - 1
            let std: Double
            if readout {
                std = (2 / (fanIn + fanOut)).squareRoot()
            } else if activation.function == .relu || activation.function == .leakyRelu {
                std = (2 / fanIn).squareRoot() / activation.lipschitz
            } else {
                std = (2 / (fanIn + fanOut)).squareRoot() / activation.lipschitz
            }
            for i in net.weightOffsets[l]..<net.biasOffsets[l] { net.parameters[i] = Float(rng.nextNormal(std: std)) }
        }
        return net
    }

    /// A mask of the weights (1) against the biases (0), for the L2 penalty.
    var weightMask: [Float] {
        var mask = [Float](repeating: 0, count: parameters.count)
        for l in 0..<layerCount { for i in weightOffsets[l]..<biasOffsets[l] { mask[i] = 1 } }
        return mask
    }

    /// The chip: hidden layers with the activation, the linear readout. Each Float32 weight becomes the Double
    /// of its shortest decimal form (0.12345679, not 0.12345679104328156): the chip file stays half the size and
    /// every weight still rounds back to exactly the trained Float32.
    func chip(name: String, inputDomain: InputDomain, metadata: [(String, JSONValue)]) -> Chip {
        func widen(_ x: Float) -> Double { Double(x.description) ?? Double(x) }
        var layers = [Layer]()
        for l in 0..<layerCount {
            let w = parameters[weightOffsets[l]..<biasOffsets[l]].map(widen)
            let b = parameters[biasOffsets[l]..<(biasOffsets[l] + sizes[l + 1])].map(widen)
            layers.append(
                Layer(inputs: sizes[l], outputs: sizes[l + 1], weights: w, bias: b,
                      activation: l == layerCount - 1 ? nil : activation))
        }
        return Chip(
            name: name, inputDomain: inputDomain, hidden: Array(layers.dropLast()), readout: layers[layers.count - 1],
            metadata: metadata)
    }
}

/// Per-worker scratch memory for one image at a time: activations, dropout scales, deltas.
struct Workspace {
    /// Pre-dropout outputs of every hidden neuron, then the readout's scores.
    var activations: [Float]
    /// Hidden outputs after dropout (what the next layer reads).
    var dropped: [Float]
    /// 0 or 1/(1 − p) per hidden neuron.
    var scales: [Float]
    /// ∂loss/∂(pre-activation) of the layer being processed, and of the one below.
    var delta: [Float]
    var deltaBelow: [Float]
    /// Where each hidden layer's neurons start in `activations`, `dropped` and `scales` (readout last).
    let offsets: [Int]

    init(_ net: Network) {
        var offsets = [Int]()
        var total = 0
        for n in net.sizes.dropFirst() {
            offsets.append(total)
            total += n
        }
        self.offsets = offsets
        activations = [Float](repeating: 0, count: total)
        dropped = [Float](repeating: 0, count: total)
        scales = [Float](repeating: 1, count: total)
        let widest = net.sizes.dropFirst().max() ?? 1
        delta = [Float](repeating: 0, count: widest)
        deltaBelow = [Float](repeating: 0, count: widest)
    }
}

extension Network {
    /// Forward pass of one image; the readout's scores are left at the end of `ws.activations`. With `dropout` > 0,
    /// hidden neurons are switched off from `rng`; without, `dropped` equals `activations`.
    func forward(_ x: UnsafePointer<Float>, _ ws: inout Workspace, dropout: Float, rng: inout Xoshiro256?) {
        let p = parameters
        let phi = Float32Activation(activation)
        let keep = 1 / (1 - dropout)
        let threshold = UInt64(Double(dropout) * 0x1p53)
        let offsets = ws.offsets
        p.withUnsafeBufferPointer { params in
            ws.activations.withUnsafeMutableBufferPointer { act in
                ws.dropped.withUnsafeMutableBufferPointer { out in
                    ws.scales.withUnsafeMutableBufferPointer { scales in
                        var input = x
                        for l in 0..<layerCount {
                            let nIn = sizes[l]
                            let nOut = sizes[l + 1]
                            let w = params.baseAddress! + weightOffsets[l]
                            let b = params.baseAddress! + biasOffsets[l]
                            let o = offsets[l]
                            let hidden = l < layerCount - 1
                            for j in 0..<nOut {
                                var z = b[j] + dot(w + j * nIn, input, nIn)
                                if hidden {
                                    z = phi(z)
                                }
                                act[o + j] = z
                                if hidden {
                                    var s: Float = 1
                                    if let bits = rng?.next() { s = (bits >> 11) < threshold ? 0 : keep }
                                    scales[o + j] = s
                                    out[o + j] = z * s
                                }
                            }
                            input = UnsafePointer(out.baseAddress! + o)
                        }
                    }
                }
            }
        }
    }

    /// The cross-entropy of softmax(scores) against `label` (in Double: the softmax is taken stably), and with
    /// `delta` given, softmax − onehot scaled by `scale` written into it.
    static func crossEntropy(_ scores: UnsafeBufferPointer<Float>, label: Int, scale: Float,
                             delta: UnsafeMutablePointer<Float>?) -> Double
    {
        var top = -Double.infinity
        for s in scores { top = max(top, Double(s)) }
        var total = 0.0
        for s in scores { total += exp(Double(s) - top) }
        if let delta {
            for (j, s) in scores.enumerated() {
                let prob = exp(Double(s) - top) / total
                delta[j] = Float(prob - (j == label ? 1 : 0)) * scale
            }
        }
        return log(total) + top - Double(scores[label])
    }

    /// Adds `scale` × ∂loss/∂parameters of one image to `gradient` (forward, then backward), and returns its loss.
    func accumulate(
        _ x: UnsafePointer<Float>, label: Int, scale: Float, dropout: Float, rng: inout Xoshiro256?,
        _ ws: inout Workspace, into gradient: UnsafeMutablePointer<Float>
    ) -> Double {
        forward(x, &ws, dropout: dropout, rng: &rng)
        let phi = Float32Activation(activation)
        let last = layerCount - 1
        let offsets = ws.offsets
        return parameters.withUnsafeBufferPointer { params in
            ws.activations.withUnsafeBufferPointer { act in
                ws.dropped.withUnsafeBufferPointer { out in
                    ws.scales.withUnsafeBufferPointer { scales in
                        ws.delta.withUnsafeMutableBufferPointer { deltaBuffer in
                            ws.deltaBelow.withUnsafeMutableBufferPointer { belowBuffer in
                                var delta = deltaBuffer.baseAddress!
                                var below = belowBuffer.baseAddress!
                                let scores = UnsafeBufferPointer(rebasing: act[offsets[last]..<(offsets[last] + sizes[last + 1])])
                                let loss = Network.crossEntropy(scores, label: label, scale: scale, delta: delta)
                                for l in stride(from: last, through: 0, by: -1) {
                                    let nIn = sizes[l]
                                    let nOut = sizes[l + 1]
                                    let input = l == 0 ? x : UnsafePointer(out.baseAddress! + offsets[l - 1])
                                    let w = params.baseAddress! + weightOffsets[l]
                                    let gw = gradient + weightOffsets[l]
                                    let gb = gradient + biasOffsets[l]
                                    if l > 0 {
                                        for i in 0..<nIn { below[i] = 0 }
                                    }
                                    for j in 0..<nOut {
                                        let d = delta[j]
                                        if d == 0 { continue }
                                        gb[j] += d
                                        axpy(d, input, gw + j * nIn, nIn)
                                        if l > 0 { axpy(d, w + j * nIn, below, nIn) }
                                    }
                                    if l > 0 {
                                        // Through dropout and φ of layer l − 1 (which is hidden).
                                        let o = offsets[l - 1]
                                        for i in 0..<nIn {
                                            let a = act[o + i]
                                            let slope = phi.slope(output: a)
                                            below[i] *= scales[o + i] * slope
                                        }
                                        swap(&delta, &below)
                                    }
                                }
                                return loss
                            }
                        }
                    }
                }
            }
        }
    }

    /// The index of the highest score of one image (no dropout) and its cross-entropy.
    func classify(_ x: UnsafePointer<Float>, label: Int, _ ws: inout Workspace) -> (predicted: Int, loss: Double) {
        var none: Xoshiro256? = nil
        forward(x, &ws, dropout: 0, rng: &none)
        let o = ws.offsets[layerCount - 1]
        let m = sizes[layerCount]
        return ws.activations.withUnsafeBufferPointer { act in
            var best = 0
            for j in 1..<m where act[o + j] > act[o + best] { best = j }
            let loss = Network.crossEntropy(UnsafeBufferPointer(rebasing: act[o..<(o + m)]), label: label, scale: 1, delta: nil)
            return (best, loss)
        }
    }
}

/// Σ a[i]·b[i] with eight-wide vectors and two accumulators; a fixed order of operations, so the same on every
/// call and every thread.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD8<Float>()
    var acc1 = SIMD8<Float>()
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    var i = 0
    while i + 16 <= n {
        acc0 += ra.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            * rb.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
        acc1 += ra.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self)
            * rb.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self)
        i += 16
    }
    if i + 8 <= n {
        acc0 += ra.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            * rb.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
        i += 8
    }
    var s = (acc0 + acc1).sum()
    while i < n {
        s += a[i] * b[i]
        i += 1
    }
    return s
}

/// y[i] += alpha·x[i].
@inline(__always)
func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    let va = SIMD8<Float>(repeating: alpha)
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeMutableRawPointer(y)
    var i = 0
    while i + 8 <= n {
        let v = ry.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            + va * rx.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
        ry.storeBytes(of: v, toByteOffset: 4 * i, as: SIMD8<Float>.self)
        i += 8
    }
    while i < n {
        y[i] += alpha * x[i]
        i += 1
    }
}

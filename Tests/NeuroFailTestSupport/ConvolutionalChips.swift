import Foundation
import NeuroFailCore

/// Random convolutional chips for the tests of every module, and a textbook reading of what they compute that does
/// not use the library's connectivity code (``Layer/incoming(_:)``, ``Convolution/forEachSource(of:_:)``, the synapse
/// numbering): only a convolution's parameters and its kernel. Every test that holds a fast path, the kernel's
/// processes or a bound to a CNN chip compares against these loops.
///
/// The textbook convolution: output unit (o, oy, ox) = b_o + Σ_{c, ky, kx} K[o][c][ky][kx] · x[c][oy·sy − top + ky]
/// [ox·sx − left + kx], the terms whose input position lies outside the input (the zero padding) left out; units are
/// numbered channel-major, row-major; the synapses are numbered target by target, sources ascending
/// (Docs/chip-format.md).
public enum ConvolutionalChips {
    /// One synapse of a convolution by the textbook formula.
    public struct Synapse: Hashable, Sendable {
        public let target: Int
        public let source: Int
        /// The index of its weight in the kernel (C_out × C_in × k_y × k_x, C order).
        public let kernelIndex: Int
    }

    /// Every (output unit, input unit) pair the kernel connects, in the documented numbering: target by target, and
    /// within a target by increasing source.
    public static func synapses(of c: Convolution) -> [Synapse] {
        var out = [Synapse]()
        for o in 0..<c.outputChannels {
            for oy in 0..<c.outputHeight {
                for ox in 0..<c.outputWidth {
                    let target = (o * c.outputHeight + oy) * c.outputWidth + ox
                    var row = [Synapse]()
                    for ch in 0..<c.inputChannels {
                        for ky in 0..<c.kernelHeight {
                            for kx in 0..<c.kernelWidth {
                                let iy = oy * c.strideHeight - c.padTop + ky, ix = ox * c.strideWidth - c.padLeft + kx
                                guard iy >= 0, iy < c.inputHeight, ix >= 0, ix < c.inputWidth else { continue }
                                row.append(Synapse(
                                    target: target, source: (ch * c.inputHeight + iy) * c.inputWidth + ix,
                                    kernelIndex: ((o * c.inputChannels + ch) * c.kernelHeight + ky) * c.kernelWidth + kx))
                            }
                        }
                    }
                    out += row.sorted { $0.source < $1.source }
                }
            }
        }
        return out
    }

    /// The (target, source) pairs of the crashed synapses of layer `l` (0-based) of `chip` under `faults`.
    public static func crashedPairs(_ chip: Chip, layer l: Int, _ faults: FaultSet) -> Set<[Int]> {
        let layer = chip.allLayers[l]
        guard let c = layer.convolution else {
            return Set(faults.synapses[l].map { [$0 / layer.inputs, $0 % layer.inputs] })
        }
        let list = synapses(of: c)
        return Set(faults.synapses[l].map { [list[$0].target, list[$0].source] })
    }

    /// The chip's outputs for `x` under `faults` (crashed neurons output 0, crashed synapses deliver nothing), by
    /// textbook loops: a convolution as the formula above, a dense layer as a row-times-vector product. Every sum
    /// is b + the terms in increasing source order, as the library sums.
    public static func forward(_ chip: Chip, _ x: [Double], _ faults: FaultSet) -> [Double] {
        var y = x
        for (l, layer) in chip.allLayers.enumerated() {
            let crashed = crashedPairs(chip, layer: l, faults)
            let dead = l < chip.depth ? Set(faults.neurons[l]) : []
            var next = [Double](repeating: 0, count: layer.outputs)
            if let c = layer.convolution {
                for o in 0..<c.outputChannels {
                    for oy in 0..<c.outputHeight {
                        for ox in 0..<c.outputWidth {
                            let t = (o * c.outputHeight + oy) * c.outputWidth + ox
                            var s = layer.bias[t]
                            for ch in 0..<c.inputChannels {
                                for ky in 0..<c.kernelHeight {
                                    let iy = oy * c.strideHeight - c.padTop + ky
                                    guard iy >= 0, iy < c.inputHeight else { continue }
                                    for kx in 0..<c.kernelWidth {
                                        let ix = ox * c.strideWidth - c.padLeft + kx
                                        guard ix >= 0, ix < c.inputWidth else { continue }
                                        let source = (ch * c.inputHeight + iy) * c.inputWidth + ix
                                        if crashed.contains([t, source]) { continue }
                                        let k = ((o * c.inputChannels + ch) * c.kernelHeight + ky) * c.kernelWidth + kx
                                        s += layer.weights[k] * y[source]
                                    }
                                }
                            }
                            next[t] = dead.contains(t) ? 0 : (layer.activation.map { $0(s) } ?? s)
                        }
                    }
                }
            } else {
                for i in 0..<layer.outputs {
                    var s = layer.bias[i]
                    for j in 0..<layer.inputs where !crashed.contains([i, j]) { s += layer.weights[i * layer.inputs + j] * y[j] }
                    next[i] = dead.contains(i) ? 0 : (layer.activation.map { $0(s) } ?? s)
                }
            }
            y = next
        }
        return y
    }

    /// The same chip with every convolution replaced by its dense expansion (textbook: zeros where the kernel
    /// connects nothing), name and metadata kept.
    public static func denseEquivalent(_ chip: Chip) -> Chip {
        func dense(_ layer: Layer) -> Layer {
            guard let c = layer.convolution else { return layer }
            var w = [Double](repeating: 0, count: layer.outputs * layer.inputs)
            for s in synapses(of: c) { w[s.target * layer.inputs + s.source] = layer.weights[s.kernelIndex] }
            return Layer(inputs: layer.inputs, outputs: layer.outputs, weights: w, bias: layer.bias, activation: layer.activation)
        }
        return Chip(
            name: chip.name, inputDomain: chip.inputDomain, hidden: chip.hidden.map(dense), readout: chip.readout,
            metadata: chip.metadata, outputTransform: chip.outputTransform)
    }

    /// `faults` of `chip` as the same crashes on ``denseEquivalent(_:)`` (synapse numbers mapped to dense ones).
    public static func denseFaults(_ faults: FaultSet, chip: Chip) -> FaultSet {
        var out = faults
        for (l, layer) in chip.allLayers.enumerated() where layer.convolution != nil {
            out.synapses[l] = crashedPairs(chip, layer: l, faults).map { $0[0] * layer.inputs + $0[1] }.sorted()
        }
        return out
    }

    /// How big the random chips are.
    public enum Size: Sendable {
        /// At most 9 chip inputs (every corner of the box can be enumerated) and a few dozen neurons.
        case small
        /// Up to a few hundred inputs and neurons, with wider kernels and more channels.
        case medium
    }

    /// A random chip with one or two convolutional hidden layers, 1-D or 2-D, then (half the time) a dense hidden
    /// layer, then a dense readout of 1–2 outputs. Per convolution: 1–3 output channels (1–4 for `.medium`), a kernel
    /// of 1–3 per axis no larger than the input, stride 1–2 per axis, zero padding drawn per side below the kernel
    /// size (0 half the time). Activations per layer from every function with K log-uniform in [0.1, 4]
    /// (``randomActivation(_:)``); weights and biases N(1, 5²) or N(0, 0.3²); box [0, 1 + u] or [−1 − u, 1 + u].
    public static func random(_ rng: inout Xoshiro256, size: Size = .small) -> Chip {
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + rng.nextIndex(range.count) }
        let paperWeights = rng.nextUnit() < 0.5
        let (mean, std) = paperWeights ? (1.0, 5.0) : (0.0, 0.3)
        func normal() -> Double { rng.nextNormal(mean: mean, std: std) }
        let twoD = rng.nextUnit() < 0.5
        var shape: [Int]
        switch (size, twoD) {
        case (.small, false): shape = [draw(1...2), draw(2...4)]
        case (.small, true): shape = [1, draw(2...3), draw(2...3)]
        case (.medium, false): shape = [draw(1...3), draw(3...12)]
        case (.medium, true): shape = [draw(1...2), draw(3...8), draw(3...8)]
        }
        let d = shape.reduce(1, *)
        var hidden = [Layer]()
        var width = d
        for _ in 0..<draw(1...2) {
            let spatial = Array(shape.dropFirst())
            let kernel = spatial.map { draw(1...min(3, $0)) }
            let stride = spatial.map { _ in draw(1...2) }
            let padding = (0..<(2 * spatial.count)).map { i in
                rng.nextUnit() < 0.5 ? 0 : rng.nextIndex(kernel[i % spatial.count])
            }
            let channels = size == .small ? draw(1...3) : draw(1...4)
            guard let geometry = try? Convolution(
                inputShape: shape, outputChannels: channels, kernelSize: kernel, stride: stride, padding: padding)
            else { preconditionFailure("the generator drew an invalid convolution") }
            let layer = Layer(
                convolution: geometry, kernel: (0..<geometry.kernelCount).map { _ in normal() },
                channelBias: (0..<channels).map { _ in normal() }, activation: randomActivation(&rng))
            hidden.append(layer)
            shape = geometry.outputShape
            width = layer.outputs
        }
        if rng.nextUnit() < 0.5 {
            let n = draw(1...3)
            hidden.append(Layer(
                inputs: width, outputs: n, weights: (0..<(n * width)).map { _ in normal() },
                bias: (0..<n).map { _ in normal() }, activation: randomActivation(&rng)))
            width = n
        }
        let m = draw(1...2)
        let readout = Layer(
            inputs: width, outputs: m, weights: (0..<(m * width)).map { _ in normal() }, bias: (0..<m).map { _ in normal() },
            activation: nil)
        let lower = rng.nextUnit() < 0.5 ? 0.0 : -1.0 - rng.nextUnit()
        return Chip(
            name: "random-cnn", inputDomain: InputDomain(lower: lower, upper: 1 + rng.nextUnit()), hidden: hidden,
            readout: readout)
    }

    /// Any activation function, uniformly, with K log-uniform in [0.1, 4]: leaky-relu's α is 0 one time in five,
    /// else uniform in [0, 0.9); clip's range has its lower end uniform in [−2, 2] and a width in [0.1, 3.1].
    public static func randomActivation(_ rng: inout Xoshiro256) -> Activation {
        let functions = Activation.Function.allCases
        let function = functions[rng.nextIndex(functions.count)]
        let k = 0.1 * pow(40, rng.nextUnit())
        switch function {
        case .leakyRelu:
            return Activation(function, lipschitz: k, alpha: rng.nextUnit() < 0.2 ? 0 : 0.9 * rng.nextUnit())
        case .clip:
            let lower = 4 * rng.nextUnit() - 2
            return Activation(function, lipschitz: k, clipRange: lower...(lower + 0.1 + 3 * rng.nextUnit()))
        default:
            return Activation(function, lipschitz: k)
        }
    }
}

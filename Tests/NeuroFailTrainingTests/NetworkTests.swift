import NeuroFailCore
import Testing
@testable import NeuroFailTraining

/// The backward pass against central finite differences of the loss, on tiny networks.
@Suite struct NetworkTests {
    /// A 3-4-3-2 network with parameters N(0, 0.8²) and biases spread around 0.
    static func network(_ activation: Activation, seed: UInt64) -> Network {
        var net = Network(sizes: [3, 4, 3, 2], activation: activation)
        var rng = Xoshiro256(seed: seed)
        for i in net.parameters.indices { net.parameters[i] = Float(rng.nextNormal(std: 0.8)) }
        return net
    }

    /// One image's loss and its analytic gradient; the same `rng` gives the same dropout mask on every call.
    static func lossAndGradient(_ net: Network, _ x: [Float], label: Int, dropout: Float, rng: Xoshiro256?)
        -> (loss: Double, gradient: [Float])
    {
        var g = [Float](repeating: 0, count: net.parameters.count)
        var ws = Workspace(net)
        var r = rng
        let loss = x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { gp in
                net.accumulate(xp.baseAddress!, label: label, scale: 1, dropout: dropout, rng: &r, &ws, into: gp.baseAddress!)
            }
        }
        return (loss, g)
    }

    func check(_ activation: Activation, dropout: Float, seed: UInt64) {
        let net = Self.network(activation, seed: seed)
        let x: [Float] = [0.3, 0.9, 0.55]
        let rng: Xoshiro256? = dropout > 0 ? Xoshiro256(seed: seed, stream: 3) : nil
        let analytic = Self.lossAndGradient(net, x, label: 1, dropout: dropout, rng: rng).gradient
        let h: Float = 1e-2
        for i in net.parameters.indices {
            var plus = net
            plus.parameters[i] += h
            var minus = net
            minus.parameters[i] -= h
            let numeric = (Self.lossAndGradient(plus, x, label: 1, dropout: dropout, rng: rng).loss
                - Self.lossAndGradient(minus, x, label: 1, dropout: dropout, rng: rng).loss) / Double(2 * h)
            let a = Double(analytic[i])
            #expect(abs(numeric - a) <= 2e-3 + 1e-2 * abs(a), "parameter \(i): analytic \(a), numeric \(numeric)")
        }
    }

    @Test func backwardPassMatchesFiniteDifferencesForSigmoid() {
        check(Activation(.sigmoid, lipschitz: 1.5), dropout: 0, seed: 11)
    }

    @Test func backwardPassMatchesFiniteDifferencesForRelu() {
        check(Activation(.relu, lipschitz: 2), dropout: 0, seed: 12)
    }

    /// The other activations: φ′ is taken from φ's output in the backward pass, so each has its own formula to check.
    @Test(arguments: [
        Activation(.tanh, lipschitz: 1.2), Activation(.leakyRelu, lipschitz: 1.5, alpha: 0.1),
        Activation(.hardSigmoid, lipschitz: 0.4), Activation(.clip, lipschitz: 1, clipRange: -0.5...1),
    ])
    func backwardPassMatchesFiniteDifferences(activation: Activation) {
        check(activation, dropout: 0, seed: 14)
    }

    @Test func backwardPassMatchesFiniteDifferencesWithADropoutMask() {
        check(Activation(.sigmoid, lipschitz: 1), dropout: 0.3, seed: 13)
    }

    @Test func chipKeepsEveryWeightInLayerOrder() {
        let net = Self.network(Activation(.relu, lipschitz: 1), seed: 5)
        let chip = net.chip(name: "t", inputDomain: .unit, metadata: [])
        #expect(chip.widths == [4, 3] && chip.inputCount == 3 && chip.outputCount == 2)
        let flat = chip.allLayers.flatMap { $0.weights + $0.bias }
        #expect(flat.map(Float.init) == net.parameters)
        #expect(flat.allSatisfy { "\($0)".count <= 16 })  // shortest decimal forms, not widened binary noise
        #expect(chip.readout.activation == nil && chip.hidden.allSatisfy { $0.activation == Activation(.relu, lipschitz: 1) })
    }

    @Test func chipComputesWhatTheNetworkComputes() {
        let net = Self.network(Activation(.sigmoid, lipschitz: 2), seed: 6)
        let chip = net.chip(name: "t", inputDomain: .unit, metadata: [])
        let x: [Float] = [0.1, 0.7, 0.4]
        var ws = Workspace(net)
        var none: Xoshiro256? = nil
        x.withUnsafeBufferPointer { net.forward($0.baseAddress!, &ws, dropout: 0, rng: &none) }
        var y = x.map(Double.init)
        for layer in chip.allLayers {
            y = (0..<layer.outputs).map { i in
                let z = layer.bias[i] + (0..<layer.inputs).reduce(0.0) { $0 + layer.weight(target: i, source: $1) * y[$1] }
                return layer.activation.map { $0(z) } ?? z
            }
        }
        for j in 0..<2 { #expect(abs(Double(ws.activations[7 + j]) - y[j]) < 1e-5) }
    }
}

import NeuroFailCore

/// The pristine and the faulty chip with reverse-mode gradients of their output difference, for the search.
///
/// A dense layer is read as its row-major matrix; a sparse layer as its CSR arrays (the chip's own, shared); a
/// convolution as its synapses in the same CSR form, target by target in the layer's numbering (sources and weights
/// per synapse, so a crashed synapse is one zeroed entry). None is expanded: the search does about a hundred forward
/// and backward passes per start, and a dense expansion of a sparse layer or a convolution is mostly zeros.
/// Both forms sum each target's terms in increasing source order, the dense one with the zeros the other leaves out.
struct DifferentiableChip: Sendable {
    /// One layer as the search reads it.
    struct Matrix: Sendable {
        let inputs: Int
        let outputs: Int
        let bias: [Double]
        let activation: Activation?
        /// The pristine and the faulty (crashed synapses 0, changed weights as stored) weights: row-major
        /// `outputs × inputs` when `rowStart` is nil, else one per synapse in the layer's numbering.
        let pristine: [Double]
        let faulty: [Double]
        /// For a sparse layer or a convolution: where each target's synapses start (`outputs + 1` entries) and each
        /// synapse's source.
        let rowStart: [Int]?
        let sources: [Int32]

        init(_ layer: Layer, crashed: [Int], changed: [FaultSet.Entry]) {
            inputs = layer.inputs
            outputs = layer.outputs
            bias = layer.bias
            activation = layer.activation
            // The bound analyses' form of the layer: its own arrays for dense and sparse layers, a convolution's
            // synapses in CSR form.
            let packed = PackedNetwork.Matrix(layer)
            pristine = packed.weights
            rowStart = packed.rowStart
            sources = packed.sources
            // A synapse's number is its index in every form (a dense synapse's is its matrix index); the copy is
            // made only when there are faults.
            var w = pristine
            for e in changed { w[e.index] = e.value }
            for k in crashed { w[k] = 0 }
            faulty = w
        }

        /// W·a + b with the pristine or the faulty weights.
        func affine(_ a: [Double], faulty: Bool) -> [Double] {
            let w = faulty ? self.faulty : pristine
            var z = bias
            for i in 0..<outputs {
                var s = z[i]
                if let rowStart {
                    for k in rowStart[i]..<rowStart[i + 1] { s += w[k] * a[Int(sources[k])] }
                } else {
                    for j in 0..<inputs { s += w[i * inputs + j] * a[j] }
                }
                z[i] = s
            }
            return z
        }

        /// gᵀ·W: the gradient with respect to the layer's inputs of g · (W·a).
        func transposed(_ grad: [Double], faulty: Bool) -> [Double] {
            let w = faulty ? self.faulty : pristine
            var next = [Double](repeating: 0, count: inputs)
            for i in 0..<outputs where grad[i] != 0 {
                if let rowStart {
                    for k in rowStart[i]..<rowStart[i + 1] { next[Int(sources[k])] += grad[i] * w[k] }
                } else {
                    for j in 0..<inputs { next[j] += grad[i] * w[i * inputs + j] }
                }
            }
            return next
        }
    }

    let matrices: [Matrix]
    /// Per hidden layer, crashed and stuck neurons, and what each sends (0, or the stuck value c).
    let dead: [[Bool]]
    let fixed: [[Double]]

    init(chip: Chip, faults: FaultSet) {
        matrices = chip.allLayers.enumerated().map { m, layer in
            Matrix(layer, crashed: faults.synapses[m], changed: faults.weights[m])
        }
        dead = chip.widths.enumerated().map { l, n in
            var d = [Bool](repeating: false, count: n)
            for i in faults.neurons[l] { d[i] = true }
            for e in faults.stuck[l] { d[e.index] = true }
            return d
        }
        fixed = chip.widths.enumerated().map { l, n in
            var v = [Double](repeating: 0, count: n)
            for e in faults.stuck[l] { v[e.index] = e.value }
            return v
        }
    }

    /// Pre-activations of every matrix for one chip.
    private func forward(_ x: [Double], faulty: Bool) -> [[Double]] {
        var a = x
        var pre = [[Double]]()
        for (m, matrix) in matrices.enumerated() {
            let z = matrix.affine(a, faulty: faulty)
            pre.append(z)
            if let φ = matrix.activation {
                a = z.indices.map { faulty && dead[m][$0] ? fixed[m][$0] : φ(z[$0]) }
            } else {
                a = z
            }
        }
        return pre
    }

    /// ∂(g · F)/∂x for a chip whose pre-activations are `pre`.
    private func backward(_ g: [Double], pre: [[Double]], faulty: Bool) -> [Double] {
        var grad = g
        for m in stride(from: matrices.count - 1, through: 0, by: -1) {
            let matrix = matrices[m]
            if let φ = matrix.activation {
                for i in 0..<matrix.outputs { grad[i] *= (faulty && dead[m][i]) ? 0 : φ.derivative(pre[m][i]) }
            }
            grad = matrix.transposed(grad, faulty: faulty)
        }
        return grad
    }

    /// F(x) − F̂(x) and the gradient of the deviation in `norm` with respect to x (for L∞, of the largest
    /// component's |difference|).
    func differenceAndGradient(at x: [Double], norm: DeviationNorm) -> ([Double], [Double]) {
        let p = forward(x, faulty: false), f = forward(x, faulty: true)
        let last = matrices.count - 1
        let difference = zip(p[last], f[last]).map { $0 - $1 }
        var g = [Double](repeating: 0, count: difference.count)
        switch norm {
        case .linf:
            var k = 0
            for i in difference.indices where abs(difference[i]) > abs(difference[k]) { k = i }
            g[k] = difference[k] >= 0 ? 1 : -1
        case .l1:
            g = difference.map { $0 >= 0 ? 1 : -1 }
        case .l2:
            let n = norm(difference)
            g = difference.map { n > 0 ? $0 / n : 0 }
        }
        let gp = backward(g, pre: p, faulty: false), gf = backward(g, pre: f, faulty: true)
        return (difference, zip(gp, gf).map { $0 - $1 })
    }
}

import NeuroFailCore

/// A chip's weight matrices as the bound analyses read them: matrix m (0...L) maps the values of layer m (m = 0 the
/// input) to the pre-activations z^(m) of layer m + 1; matrix L is the linear readout.
struct PackedNetwork: Sendable {
    struct Matrix: Sendable {
        let fanIn: Int
        let fanOut: Int
        /// Row-major fanOut × fanIn: `weights[i * fanIn + j]` from j to i.
        let weights: [Double]
        let bias: [Double]
        /// φ of the layer this matrix feeds; nil for the readout.
        let activation: Activation?
        /// The chip's layer, for its synapse numbering.
        let layer: Layer

        /// The index in ``weights`` of synapse number `synapse` of the layer, and its ends.
        func denseIndex(ofSynapse synapse: Int) -> (index: Int, target: Int, source: Int) {
            let (target, source) = layer.synapse(at: synapse)
            return (target * fanIn + source, target, source)
        }
    }

    let matrices: [Matrix]

    /// The analyses are O(dense weights) per fault set and hold a few copies of them: above this many entries
    /// (over all layers, convolutions expanded), ``FaultSetBound`` refuses the chip (``BoundsError``).
    static let maximumDenseWeights = 1 << 22

    /// The chip's layers as dense matrices: a convolution is expanded (zeros where its kernel connects nothing).
    /// Precondition: `chip.denseWeightCount <= maximumDenseWeights` (``FaultSetBound/check(_:)``).
    init(chip: Chip) {
        precondition(chip.denseWeightCount <= Self.maximumDenseWeights, "the chip is too large to expand")
        matrices = chip.allLayers.map {
            Matrix(
                fanIn: $0.inputs, fanOut: $0.outputs, weights: $0.denseWeights, bias: $0.bias, activation: $0.activation,
                layer: $0)
        }
    }

    /// The interval image z = W y + b of `layer`'s synapses for y in `y`, widened by the rounding of the sums: the
    /// same as ``affine(_:bias:fanIn:_:)`` on the layer's dense matrix (zero weights add nothing), but over the
    /// synapses that exist, so a convolution is never expanded.
    static func affine(_ layer: Layer, _ y: IntervalVector) -> IntervalVector {
        var out = IntervalVector.zeros(layer.outputs)
        for i in 0..<layer.outputs {
            var sum = IntervalSum(bias: layer.bias[i])
            let incoming = layer.incoming(i)
            for synapse in incoming { sum.add(synapse.weight, y, synapse.source) }
            sum.store(terms: incoming.count + 1, at: i, in: &out)
        }
        return out
    }

    /// The running sum of an interval image's row: [lo, hi] and Σ|terms| for its rounding bound.
    private struct IntervalSum {
        var lo: Double, hi: Double, abs: Double

        init(bias: Double) { (lo, hi, abs) = (bias, bias, Swift.abs(bias)) }

        /// Adds w · [y.lower[j], y.upper[j]] (a zero weight adds exactly nothing).
        @inline(__always)
        mutating func add(_ w: Double, _ y: IntervalVector, _ j: Int) {
            if w == 0 { return }
            let a = w * y.lower[j], b = w * y.upper[j]
            if a < b {
                lo += a
                hi += b
            } else {
                lo += b
                hi += a
            }
            abs += Swift.abs(w) * y.magnitude(j)
        }

        /// Writes the sum of `terms` terms (the bias included) to `out[i]`, widened by its rounding.
        @inline(__always)
        func store(terms: Int, at i: Int, in out: inout IntervalVector) {
            let error = RoundingError.ofSum(terms: terms, absoluteSum: abs)
            out.lower[i] = RoundingError.below(lo, by: error)
            out.upper[i] = RoundingError.above(hi, by: error)
        }
    }

    /// L, the number of hidden layers.
    var depth: Int { matrices.count - 1 }

    /// Interval images z = W y + b for y in `y`, with `weights` standing in for the matrix's (a masked copy for a
    /// faulty chip), widened by the rounding of the sums.
    static func affine(_ weights: [Double], bias: [Double], fanIn: Int, _ y: IntervalVector) -> IntervalVector {
        let n = bias.count
        var out = IntervalVector.zeros(n)
        for i in 0..<n {
            var sum = IntervalSum(bias: bias[i])
            let row = i * fanIn
            for j in 0..<fanIn { sum.add(weights[row + j], y, j) }
            sum.store(terms: fanIn + 1, at: i, in: &out)
        }
        return out
    }

    /// φ applied to an interval, widened by φ's evaluation error (φ is non-decreasing).
    static func image(_ φ: Activation, _ z: IntervalVector) -> IntervalVector {
        var out = z
        for i in 0..<z.count {
            let lo = φ(z.lower[i]), hi = φ(z.upper[i])
            out.lower[i] = RoundingError.below(lo, by: φ.evaluationError(magnitude: Swift.abs(lo)))
            out.upper[i] = RoundingError.above(hi, by: φ.evaluationError(magnitude: Swift.abs(hi)))
        }
        return out
    }

    /// Per layer h = 0...L+1 (input, hidden layers, outputs), a bound on |ŷ| valid for every fault set: each synapse
    /// may or may not deliver and each neuron may send 0, so a pre-activation lies in
    /// [b + Σ_j min(0, w·lo_j, w·hi_j), b + Σ_j max(0, w·lo_j, w·hi_j)] (Docs/theory.md, section 14).
    func anyFaultMagnitudes(box: InputBox) -> [[Double]] {
        var y = IntervalVector(lower: box.lower, upper: box.upper)
        var out = [y.magnitudes]
        for m in matrices {
            var z = IntervalVector.zeros(m.fanOut)
            for i in 0..<m.fanOut {
                var lo = m.bias[i], hi = m.bias[i], abs = Swift.abs(m.bias[i])
                for j in 0..<m.fanIn {
                    let w = m.weights[i * m.fanIn + j]
                    let a = w * y.lower[j], b = w * y.upper[j]
                    lo += min(0, a, b)
                    hi += max(0, a, b)
                    abs += Swift.abs(w) * y.magnitude(j)
                }
                let error = RoundingError.ofSum(terms: m.fanIn + 1, absoluteSum: abs)
                z.lower[i] = RoundingError.below(lo, by: error)
                z.upper[i] = RoundingError.above(hi, by: error)
            }
            if let φ = m.activation {
                y = Self.image(φ, z)
                // A crashed neuron sends 0.
                for i in 0..<y.count {
                    y.lower[i] = min(0, y.lower[i])
                    y.upper[i] = max(0, y.upper[i])
                }
            } else {
                y = z
            }
            out.append(y.magnitudes)
        }
        return out
    }

    /// Per output, a bound on the Float64 error of a forward pass whose layer values are bounded by `magnitudes`
    /// (per layer h = 0...L+1), summing in any order (Docs/theory.md, section 14): the error e of a layer's values
    /// obeys e_i ≤ K·(γ_(n+1)·(Σ_j |w_ij| (|y_j| + e_j) + |b_i|) + Σ_j |w_ij| e_j) + (φ's evaluation error).
    /// `masked` gives the faulty chip's weights (crashed synapses zeroed) per matrix, and its crashed neurons as
    /// `dead` (they send an exact 0).
    func roundingErrors(magnitudes: [[Double]], masked: [[Double]]?, dead: [[Bool]]? = nil) -> [Double] {
        var e = [Double](repeating: 0, count: matrices[0].fanIn)
        for (index, m) in matrices.enumerated() {
            let weights = masked?[index] ?? m.weights
            let y = magnitudes[index]
            let gamma = RoundingError.gamma(m.fanIn + 2)
            var next = [Double](repeating: 0, count: m.fanOut)
            for i in 0..<m.fanOut {
                var sumAbs = Swift.abs(m.bias[i]), propagated = 0.0
                for j in 0..<m.fanIn {
                    let w = Swift.abs(weights[i * m.fanIn + j])
                    sumAbs += w * (y[j] + e[j])
                    propagated += w * e[j]
                }
                let ez = (gamma * sumAbs + propagated) * (1 + 1e-12)
                if let φ = m.activation {
                    if dead?[index][i] == true { continue }
                    next[i] = (φ.lipschitz * ez + φ.evaluationError(magnitude: magnitudes[index + 1][i])) * (1 + 1e-12)
                } else {
                    next[i] = ez
                }
            }
            e = next
        }
        return e
    }
}

import NeuroFailCore

/// A chip's weight matrices as the bound analyses read them: matrix m (0...L) maps the values of layer m (m = 0 the
/// input) to the pre-activations z^(m) of layer m + 1; matrix L is the linear readout.
///
/// Each matrix holds one weight per synapse, by the layer's synapse number, and is never expanded: a dense layer as
/// its row-major matrix, a sparse layer as its CSR arrays (the chip's own storage, shared, not copied), a convolution
/// as its synapses in the same CSR form (O(synapses), where its dense expansion would be mostly zeros). Every sum
/// over a row runs over the synapses that exist, by increasing source, and counts the rounding of all N_(l−1) terms
/// of the dense row (Docs/theory.md, section 17), so a sparse chip's analysis equals its dense expansion's bit for
/// bit: the expansion only adds exact zeros.
struct PackedNetwork: Sendable {
    struct Matrix: Sendable {
        /// N_(l−1) and N_l.
        let fanIn: Int
        let fanOut: Int
        /// One weight per synapse, by synapse number: row-major `fanOut × fanIn` (`weights[i * fanIn + j]` from j
        /// to i) when ``rowStart`` is nil; else the synapses into i are `rowStart[i]..<rowStart[i + 1]`.
        let weights: [Double]
        /// CSR row pointers (`fanOut + 1`), nil for a dense layer.
        let rowStart: [Int]?
        /// The source of each synapse (CSR); empty for a dense layer.
        let sources: [Int32]
        let bias: [Double]
        /// φ of the layer this matrix feeds; nil for the readout.
        let activation: Activation?
        /// The chip's layer, for its synapse numbering.
        let layer: Layer

        init(_ layer: Layer) {
            fanIn = layer.inputs
            fanOut = layer.outputs
            bias = layer.bias
            activation = layer.activation
            self.layer = layer
            switch layer.connectivity {
            case .dense:
                weights = layer.weights
                rowStart = nil
                sources = []
            case let .sparse(c):
                weights = layer.weights
                rowStart = c.rowStart
                sources = c.sources
            case .convolution:
                var starts = [Int](), from = [Int32](), w = [Double]()
                starts.reserveCapacity(layer.outputs + 1)
                from.reserveCapacity(layer.synapseCount)
                w.reserveCapacity(layer.synapseCount)
                starts.append(0)
                for t in 0..<layer.outputs {
                    layer.forEachIncoming(t) { source, weight, _ in
                        from.append(Int32(source))
                        w.append(weight)
                    }
                    starts.append(from.count)
                }
                weights = w
                rowStart = starts
                sources = from
            }
        }

        /// The synapse numbers (indices into ``weights``) into neuron `i`.
        @inline(__always)
        func synapses(of i: Int) -> Range<Int> {
            if let rowStart { return rowStart[i]..<rowStart[i + 1] }
            return (i * fanIn)..<((i + 1) * fanIn)
        }

        /// The source of synapse `k`, one of ``synapses(of:)`` of neuron `i`.
        @inline(__always)
        func source(_ k: Int, into i: Int) -> Int { rowStart == nil ? k - i * fanIn : Int(sources[k]) }

        /// The ends of synapse number `k` of the layer.
        func ends(ofSynapse k: Int) -> (target: Int, source: Int) {
            rowStart == nil ? (k / fanIn, k % fanIn) : layer.synapse(at: k)
        }
    }

    let matrices: [Matrix]

    /// The linear relaxation (and the back-substitution that tightens the pristine bounds) works on rows of dense
    /// coefficients, O(N_l · N_(l−1)) per layer whatever the sparsity: above this many dense entries over all layers
    /// the analysis keeps to intervals (``tightens`` false), which are O(synapses).
    static let maximumDenseWeights = 1 << 22

    /// The largest number of synapses the analysis takes: it holds the chip's weights, a faulty copy of the
    /// matrices with faults and a few vectors per neuron, about 20 bytes per synapse at this size (5 GB).
    static let maximumSynapses = 1 << 28

    /// Whether back-substitution runs: the chip's dense expansion has at most ``maximumDenseWeights`` entries.
    let tightens: Bool

    /// The chip's layers, none expanded. Precondition: `chip.synapseCount <= maximumSynapses`
    /// (``FaultSetBound/check(_:)``).
    init(chip: Chip) {
        precondition(chip.synapseCount <= Self.maximumSynapses, "the chip is too large")
        matrices = chip.allLayers.map(Matrix.init)
        tightens = chip.denseWeightCount <= Self.maximumDenseWeights
    }

    /// The interval image z = W y + b of `layer`'s synapses for y in `y`, widened by the rounding of the sums: the
    /// same as ``affine(_:_:bias:_:)`` on the layer's dense matrix (zero weights add nothing), but over the
    /// synapses that exist, so a convolution is never expanded.
    static func affine(_ layer: Layer, _ y: IntervalVector) -> IntervalVector {
        var out = IntervalVector.zeros(layer.outputs)
        for i in 0..<layer.outputs {
            var sum = IntervalSum(bias: layer.bias[i])
            layer.forEachIncoming(i) { source, weight, _ in sum.add(weight, y, source) }
            sum.store(terms: layer.fanIn(of: i) + 1, at: i, in: &out)
        }
        return out
    }

    /// The running sum of an interval image's row: [lo, hi] and Σ|terms| for its rounding bound.
    struct IntervalSum {
        var lo: Double, hi: Double, abs: Double

        init(bias: Double) { (lo, hi, abs) = (bias, bias, Swift.abs(bias)) }

        /// Adds w · [y.lower[j], y.upper[j]] (a zero weight adds exactly nothing).
        @inline(__always)
        mutating func add(_ w: Double, _ y: IntervalVector, _ j: Int) {
            add(w, lower: y.lower[j], upper: y.upper[j])
        }

        /// Adds w · [lower, upper] (a zero weight adds exactly nothing).
        @inline(__always)
        mutating func add(_ w: Double, lower: Double, upper: Double) {
            if w == 0 { return }
            let a = w * lower, b = w * upper
            if a < b {
                lo += a
                hi += b
            } else {
                lo += b
                hi += a
            }
            abs += Swift.abs(w) * max(Swift.abs(lower), Swift.abs(upper))
        }

        /// Writes the sum of `terms` terms (the bias included) to `out[i]`, widened by its rounding.
        @inline(__always)
        func store(terms: Int, at i: Int, in out: inout IntervalVector) {
            (out.lower[i], out.upper[i]) = interval(terms: terms)
        }

        /// The sum of `terms` terms (the bias included), widened by its rounding.
        @inline(__always)
        func interval(terms: Int) -> (lower: Double, upper: Double) {
            let error = RoundingError.ofSum(terms: terms, absoluteSum: abs)
            return (RoundingError.below(lo, by: error), RoundingError.above(hi, by: error))
        }
    }

    /// L, the number of hidden layers.
    var depth: Int { matrices.count - 1 }

    /// Interval images z = W y + b for y in `y`, with `weights` (one per synapse of `matrix`) standing in for the
    /// matrix's (a masked copy for a faulty chip), widened by the rounding of the sums.
    static func affine(_ matrix: Matrix, _ weights: [Double], bias: [Double], _ y: IntervalVector) -> IntervalVector {
        RowParallel.mapIntervals(bias.count, terms: matrix.weights.count) { i in
            var sum = IntervalSum(bias: bias[i])
            for k in matrix.synapses(of: i) { sum.add(weights[k], y, matrix.source(k, into: i)) }
            return sum.interval(terms: matrix.fanIn + 1)
        }
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
                for k in m.synapses(of: i) {
                    let w = m.weights[k], j = m.source(k, into: i)
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
            let below = e, after = index + 1 < magnitudes.count ? magnitudes[index + 1] : []
            let deadHere: [Bool]? = dead.flatMap { index < $0.count ? $0[index] : nil }
            e = RowParallel.map(m.fanOut, terms: m.weights.count) { i in
                var sumAbs = Swift.abs(m.bias[i]), propagated = 0.0
                for k in m.synapses(of: i) {
                    let w = Swift.abs(weights[k]), j = m.source(k, into: i)
                    sumAbs += w * (y[j] + below[j])
                    propagated += w * below[j]
                }
                let ez = (gamma * sumAbs + propagated) * (1 + 1e-12)
                guard let φ = m.activation else { return ez }
                if deadHere?[i] == true { return 0 }
                return (φ.lipschitz * ez + φ.evaluationError(magnitude: after[i])) * (1 + 1e-12)
            }
        }
        return e
    }
}

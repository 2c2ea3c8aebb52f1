/// One layer of synapses and the neurons they feed: the weights into layer l, its biases, and the activation of its
/// neurons (nil for the linear readout).
///
/// A layer is dense (every input unit feeds every neuron through its own weight, the paper's model) or
/// convolutional (``Connectivity/convolution(_:)``: its neurons are the output units (channel, position) of a
/// convolution, its synapses the (output unit, input unit) pairs the kernel connects, and synapses of the same
/// kernel tap share one weight), or sparse (``Connectivity/sparse(_:)``: explicit synapse lists in CSR order, one
/// weight per synapse, for chips the size of Loihi). Everything that reads a layer goes through the accessors below
/// (``weight(target:source:)``, ``incoming(_:)``, ``synapse(at:)``, ``synapseIndex(target:source:)``,
/// ``denseWeights``), which mean the same for both kinds.
///
/// **Synapse numbering.** The synapses into a layer are numbered 0..<``synapseCount``, target by target, and within
/// a target by increasing source. For a dense layer the number of the synapse from j to i is `i * inputs + j`; for a
/// convolution it is the position of (i, j) in that order among the pairs that exist. Fault sets store these
/// numbers; traces name synapses by their ends (`s<layer>.<target>.<source>`).
///
/// Invariants: dense: `weights.count == outputs * inputs` (row-major: row i holds the weights into neuron i);
/// convolution: `weights` is the kernel, C_out × C_in × k_y × k_x in C order, `inputs` and `outputs` are the
/// convolution's unit counts, and the biases of one feature map are equal; sparse: `weights.count` is the
/// connectivity's synapse count. `bias.count == outputs` (one per neuron),
/// every number finite, `outputs ≥ 1`, `inputs ≥ 1`.
public struct Layer: Sendable, Hashable {
    /// How a layer's neurons connect to its inputs.
    public enum Connectivity: Sendable, Hashable {
        /// Every input feeds every neuron: `weights` is the outputs × inputs matrix.
        case dense
        /// A convolution: `weights` is its kernel.
        case convolution(Convolution)
        /// Explicit synapse lists in CSR order: `weights` holds one weight per synapse, by synapse number.
        case sparse(SparseConnectivity)
    }

    /// N_(l−1): the number of neurons (or chip inputs) feeding this layer.
    public let inputs: Int
    /// N_l: the number of neurons in this layer.
    public let outputs: Int
    /// Dense or convolutional.
    public let connectivity: Connectivity
    /// The layer's distinct weights: w^(l), row-major `outputs × inputs` (`weights[i * inputs + j]` is the synapse
    /// from j to i) for a dense layer; the kernel, C_out × C_in × k_y × k_x, for a convolution.
    public var weights: [Double]
    /// b^(l), one per neuron (for a convolution, each feature map's bias repeated over its positions).
    public var bias: [Double]
    /// φ for hidden layers; `nil` for the linear readout.
    public var activation: Activation?

    /// A dense layer. Precondition: the shapes agree (decoders check this with a user-facing error first).
    public init(inputs: Int, outputs: Int, weights: [Double], bias: [Double], activation: Activation?) {
        precondition(weights.count == inputs * outputs && bias.count == outputs, "layer shape mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.connectivity = .dense
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// A convolutional layer with `kernel` (C_out × C_in × k_y × k_x, C order) and one bias per output channel.
    /// Precondition: the counts agree with `convolution` (decoders check this with a user-facing error first).
    public init(convolution: Convolution, kernel: [Double], channelBias: [Double], activation: Activation?) {
        precondition(kernel.count == convolution.kernelCount, "kernel has \(kernel.count) weights, expected \(convolution.kernelCount)")
        precondition(channelBias.count == convolution.outputChannels, "one bias per output channel")
        inputs = convolution.inputCount
        outputs = convolution.outputCount
        connectivity = .convolution(convolution)
        weights = kernel
        bias = channelBias.flatMap { Array(repeating: $0, count: convolution.positions) }
        self.activation = activation
    }

    /// A sparse layer: `weights[k]` is the weight of synapse k of `sparse` (CSR order), one bias per neuron.
    /// Precondition: `weights.count == sparse.synapseCount`, `bias.count == sparse.outputs` (decoders check this with
    /// a user-facing error first).
    public init(sparse: SparseConnectivity, weights: [Double], bias: [Double], activation: Activation?) {
        precondition(weights.count == sparse.synapseCount, "\(weights.count) weights for \(sparse.synapseCount) synapses")
        precondition(bias.count == sparse.outputs, "one bias per neuron")
        inputs = sparse.inputs
        outputs = sparse.outputs
        connectivity = .sparse(sparse)
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// The convolution's geometry, or nil for a dense or sparse layer.
    public var convolution: Convolution? {
        if case let .convolution(c) = connectivity { return c }
        return nil
    }

    /// The synapse lists of a sparse layer, or nil for a dense or convolutional one.
    public var sparse: SparseConnectivity? {
        if case let .sparse(c) = connectivity { return c }
        return nil
    }

    /// Whether this is a dense layer (every input feeds every neuron, `weights` the full matrix).
    public var isDense: Bool {
        if case .dense = connectivity { return true }
        return false
    }

    /// Whether every synapse has a weight of its own, `weights[k]` for synapse number k (dense and sparse layers);
    /// false for a convolution, whose synapses share its kernel's weights. Bit flips, stored weights and weight
    /// changes of one synapse need this.
    public var ownsWeights: Bool { convolution == nil }

    /// One bias per output channel of a convolution (the first position's), or nil for a dense layer.
    public var channelBias: [Double]? {
        guard let c = convolution else { return nil }
        return (0..<c.outputChannels).map { bias[$0 * c.positions] }
    }

    /// w_ij: the weight of the synapse from neuron `source` of the previous layer to neuron `target` of this one;
    /// 0 when a convolution does not connect them.
    @inlinable
    public func weight(target: Int, source: Int) -> Double {
        switch connectivity {
        case .dense: return weights[target * inputs + source]
        case let .convolution(c): return c.synapse(target: target, source: source).map { weights[$0.kernelIndex] } ?? 0
        case let .sparse(c): return c.synapseIndex(target: target, source: source).map { weights[$0] } ?? 0
        }
    }

    /// One synapse into a neuron: where it comes from, its weight, and its number among the layer's synapses.
    public struct Incoming: Sendable, Hashable {
        /// The source unit (neuron of the previous layer, or chip input).
        public let source: Int
        /// Its weight.
        public let weight: Double
        /// Its synapse number (see the type's documentation).
        public let index: Int
    }

    /// The synapses into neuron `target`, by increasing source: every input for a dense layer, the kernel's
    /// connections for a convolution, its list for a sparse layer.
    public func incoming(_ target: Int) -> [Incoming] {
        switch connectivity {
        case .dense:
            return (0..<inputs).map { Incoming(source: $0, weight: weights[target * inputs + $0], index: target * inputs + $0) }
        case let .convolution(c):
            var out = [Incoming]()
            out.reserveCapacity(c.maxFanIn)
            var index = c.firstSynapse(of: target)
            c.forEachSource(of: target) { source, k in
                out.append(Incoming(source: source, weight: weights[k], index: index))
                index += 1
            }
            return out
        case let .sparse(c):
            return c.synapses(of: target).map { Incoming(source: Int(c.sources[$0]), weight: weights[$0], index: $0) }
        }
    }

    /// Calls `body(source, weight, index)` for every synapse into `target`, by increasing source, without building
    /// an array: what hot paths over a sparse or convolutional layer use.
    @inlinable
    public func forEachIncoming(_ target: Int, _ body: (_ source: Int, _ weight: Double, _ index: Int) -> Void) {
        switch connectivity {
        case .dense:
            let base = target * inputs
            for j in 0..<inputs { body(j, weights[base + j], base + j) }
        case let .convolution(c):
            var index = c.firstSynapse(of: target)
            c.forEachSource(of: target) { source, k in
                body(source, weights[k], index)
                index += 1
            }
        case let .sparse(c):
            for k in c.synapses(of: target) { body(Int(c.sources[k]), weights[k], k) }
        }
    }

    /// The number of synapses into `target`.
    public func fanIn(of target: Int) -> Int {
        switch connectivity {
        case .dense: return inputs
        case let .convolution(c): return c.fanIn(of: target)
        case let .sparse(c): return c.fanIn(of: target)
        }
    }

    /// The number of the first synapse into `target`; the synapses into it are numbered contiguously from there.
    public func firstSynapse(of target: Int) -> Int {
        switch connectivity {
        case .dense: return target * inputs
        case let .convolution(c): return c.firstSynapse(of: target)
        case let .sparse(c): return c.firstSynapse(of: target)
        }
    }

    /// The ends of synapse number `index` (0..<``synapseCount``). Precondition: in range.
    public func synapse(at index: Int) -> (target: Int, source: Int) {
        switch connectivity {
        case .dense: return (index / inputs, index % inputs)
        case let .convolution(c):
            let s = c.synapse(at: index)
            return (s.target, s.source)
        case let .sparse(c): return c.synapse(at: index)
        }
    }

    /// The weight of synapse number `index`. Precondition: in range.
    public func weight(ofSynapse index: Int) -> Double {
        switch connectivity {
        case .dense, .sparse: return weights[index]
        case let .convolution(c): return weights[c.synapse(at: index).kernelIndex]
        }
    }

    /// The number of the synapse from `source` to `target`, or nil when there is none (out of range, or not
    /// connected by a convolution).
    public func synapseIndex(target: Int, source: Int) -> Int? {
        guard (0..<outputs).contains(target), (0..<inputs).contains(source) else { return nil }
        switch connectivity {
        case .dense: return target * inputs + source
        case let .convolution(c): return c.synapse(target: target, source: source)?.index
        case let .sparse(c): return c.synapseIndex(target: target, source: source)
        }
    }

    /// The weights as a dense row-major `outputs × inputs` matrix (zeros where a convolution or a sparse layer
    /// connects nothing): for analyses that need the matrix. A dense layer's `weights` as they are; the others cost
    /// O(outputs × inputs), so paths that must scale to sparse chips never call this.
    public var denseWeights: [Double] {
        if isDense { return weights }
        var out = [Double](repeating: 0, count: outputs * inputs)
        for t in 0..<outputs {
            forEachIncoming(t) { source, w, _ in out[t * inputs + source] = w }
        }
        return out
    }

    /// The number of entries of ``denseWeights``: outputs × inputs.
    public var denseWeightCount: Int { outputs * inputs }

    /// max |w| over the layer's weights (the kernel for a convolution, the same set of values as over its
    /// synapses): w_m^(l) in Eq. 4.
    public var maxAbsWeight: Double { weights.reduce(0) { max($0, abs($1)) } }

    /// mean |w| over the layer's weights (over the kernel for a convolution): w_av^(l) in Theorem 2.
    public var meanAbsWeight: Double { weights.reduce(0) { $0 + abs($1) } / Double(weights.count) }

    /// The number of synapses into this layer: inputs × outputs for a dense layer, the kernel's connections for a
    /// convolution.
    public var synapseCount: Int {
        switch connectivity {
        case .dense: return inputs * outputs
        case let .convolution(c): return c.synapseCount
        case let .sparse(c): return c.synapseCount
        }
    }

    /// The largest number of this layer's neurons that one input unit feeds: `outputs` for a dense layer.
    public var maxFanOut: Int {
        switch connectivity {
        case .dense: return outputs
        case let .convolution(c): return c.maxFanOut
        case let .sparse(c): return c.maxFanOut
        }
    }

    /// The largest number of synapses into one neuron: `inputs` for a dense layer.
    public var maxFanIn: Int {
        switch connectivity {
        case .dense: return inputs
        case let .convolution(c): return c.maxFanIn
        case let .sparse(c): return c.maxFanIn
        }
    }
}

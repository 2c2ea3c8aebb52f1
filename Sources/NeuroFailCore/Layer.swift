/// One layer of synapses and the neurons they feed: the weight matrix w^(l) into layer l, its biases, and the
/// activation of its neurons (nil for the linear readout).
///
/// Invariants: `weights.count == outputs * inputs` (row-major: row i holds the weights into neuron i),
/// `bias.count == outputs`, every number finite, `outputs ≥ 1`, `inputs ≥ 1`.
public struct Layer: Sendable, Hashable {
    /// N_(l−1): the number of neurons (or chip inputs) feeding this layer.
    public let inputs: Int
    /// N_l: the number of neurons in this layer.
    public let outputs: Int
    /// w^(l), row-major `outputs × inputs`: `weights[i * inputs + j]` is the synapse from j (layer l−1) to i.
    public var weights: [Double]
    /// b^(l), one per neuron.
    public var bias: [Double]
    /// φ for hidden layers; `nil` for the linear readout.
    public var activation: Activation?

    /// Creates a layer. Precondition: the shapes agree (decoders check this with a user-facing error first).
    public init(inputs: Int, outputs: Int, weights: [Double], bias: [Double], activation: Activation?) {
        precondition(weights.count == inputs * outputs && bias.count == outputs, "layer shape mismatch")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.bias = bias
        self.activation = activation
    }

    /// w_ij: the weight of the synapse from neuron `source` of the previous layer to neuron `target` of this one.
    @inlinable
    public func weight(target: Int, source: Int) -> Double { weights[target * inputs + source] }

    /// max |w| over the matrix: w_m^(l) in Eq. 4.
    public var maxAbsWeight: Double { weights.reduce(0) { max($0, abs($1)) } }

    /// mean |w| over the matrix: w_av^(l) in Theorem 2.
    public var meanAbsWeight: Double { weights.reduce(0) { $0 + abs($1) } / Double(weights.count) }

    /// The number of synapses into this layer.
    public var synapseCount: Int { inputs * outputs }
}

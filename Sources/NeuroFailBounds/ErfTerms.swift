/// Erf split by where the faults are: the contribution of each layer's neuron crashes and of each weight matrix's
/// synapse crashes. All values in output units, non-negative; their sum is ``total``.
public struct ErfTerms: Sendable, Hashable {
    /// `neurons[l - 1]` = C_l f_l D_l: the bound on the output deviation caused by the f_l crashed neurons of
    /// hidden layer l (1...L).
    public let neurons: [Double]
    /// `synapses[l - 1]` = s_l K_l w^(l) C_(l−1) D_l for l ≤ L, and `synapses[L]` = s_(L+1) w^(L+1) C_L for the
    /// readout: the contribution of the crashed synapses of each weight matrix.
    public let synapses: [Double]
    /// `downstreamFactors[l - 1]` = D_l = w^(L+1) Π_{l'=l+1..L} min(N_l' − f_l', F_l') K_l' w^(l'): how much a unit
    /// deviation of one layer-l neuron can move an output, given the crashes in
    /// the layers after l.
    public let downstreamFactors: [Double]

    /// Terms as computed by ``ErfBound/terms(_:_:)``.
    public init(neurons: [Double], synapses: [Double], downstreamFactors: [Double]) {
        self.neurons = neurons
        self.synapses = synapses
        self.downstreamFactors = downstreamFactors
    }

    /// Erf: the sum of all terms, neurons first, in layer order.
    public var total: Double { (neurons + synapses).reduce(0, +) }
}

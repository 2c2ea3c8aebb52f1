/// A neuromorphic chip: a feed-forward network of L hidden layers and a linear readout, as in the paper (Eq. 1–3).
///
/// A value type: copy it freely, compare it, share it across threads. Layers are numbered as in the paper,
/// 1...L for the hidden layers and L+1 for the readout; Swift arrays are 0-based, so `hidden[l - 1]` is layer l.
///
/// Invariants (enforced by ``Chip/init(name:inputDomain:hidden:readout:metadata:outputTransform:)``):
/// at least one hidden layer, each layer's `inputs` equal to the previous layer's `outputs`,
/// hidden layers have an activation, the readout has none and is dense (convolutions are hidden layers only).
public struct Chip: Sendable, Hashable {
    /// A human-readable name.
    public var name: String
    /// The box inputs come from.
    public var inputDomain: InputDomain
    /// Hidden layers 1...L.
    public var hidden: [Layer]
    /// The linear readout, layer L+1.
    public var readout: Layer
    /// What the framework applied to the readout's scores (a final softmax), if anything: used to show the same
    /// outputs as the framework (`predict`); Ω and Erf stay about the linear scores.
    public var outputTransform: OutputTransform?
    /// Extra fields kept verbatim (provenance, generator seed, training details, core map): they do not change the
    /// chip's function and are written back unchanged.
    public var metadata: [(String, JSONValue)]

    public init(
        name: String, inputDomain: InputDomain = .unit, hidden: [Layer], readout: Layer,
        metadata: [(String, JSONValue)] = [], outputTransform: OutputTransform? = nil
    ) {
        precondition(!hidden.isEmpty, "a chip needs at least one hidden layer")
        precondition(zip(hidden.dropLast(), hidden.dropFirst()).allSatisfy { $0.outputs == $1.inputs })
        precondition(hidden.last?.outputs == readout.inputs && readout.activation == nil && readout.isDense)
        precondition(hidden.allSatisfy { $0.activation != nil })
        self.name = name
        self.inputDomain = inputDomain
        self.hidden = hidden
        self.readout = readout
        self.metadata = metadata
        self.outputTransform = outputTransform
    }

    public static func == (a: Chip, b: Chip) -> Bool {
        a.name == b.name && a.inputDomain == b.inputDomain && a.hidden == b.hidden && a.readout == b.readout
            && a.outputTransform == b.outputTransform && JSONValue.object(a.metadata) == JSONValue.object(b.metadata)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(hidden)
        hasher.combine(readout)
    }

    /// d: the number of inputs.
    public var inputCount: Int { hidden[0].inputs }
    /// M: the number of outputs.
    public var outputCount: Int { readout.outputs }
    /// L: the number of hidden layers.
    public var depth: Int { hidden.count }
    /// N_1...N_L.
    public var widths: [Int] { hidden.map(\.outputs) }
    /// N = Σ N_l: the number of neurons that can crash.
    public var neuronCount: Int { widths.reduce(0, +) }
    /// All weight matrices in order: w^(1)...w^(L), then the readout w^(L+1).
    public var allLayers: [Layer] { hidden + [readout] }
    /// Layer `l` of ``allLayers`` (1...L hidden, L + 1 the readout) without building that array: the fault-set and
    /// synapse look-ups of a mission call this per component, where copying every layer each time showed in profiles.
    /// Precondition: `1 <= l <= depth + 1`.
    @inline(__always)
    public func layer(_ l: Int) -> Layer { l <= hidden.count ? hidden[l - 1] : readout }
    /// The number of synapses that can crash, readout included.
    public var synapseCount: Int { allLayers.reduce(0) { $0 + $1.synapseCount } }

    /// Synapse number `index` of layer `layer` (1...L+1) by its ends, as traces name it. Precondition: in range.
    public func synapse(layer: Int, index: Int) -> SynapseID {
        let (target, source) = self.layer(layer).synapse(at: index)
        return SynapseID(layer: layer, target: target, source: source)
    }

    /// The number of `synapse` within its layer (what ``FaultSet/synapses`` stores), or nil when the chip has no
    /// such synapse (a layer, target or source out of range, or a pair a convolution does not connect).
    public func synapseIndex(_ synapse: SynapseID) -> Int? {
        guard (1...(depth + 1)).contains(synapse.layer) else { return nil }
        return layer(synapse.layer).synapseIndex(target: synapse.target, source: synapse.source)
    }

    /// The number of entries of the dense weight matrices of every layer (a convolution counted as its dense
    /// expansion, outputs × inputs): the size of the analyses that need matrices (``Layer/denseWeights``).
    public var denseWeightCount: Int { allLayers.reduce(0) { $0 + $1.denseWeightCount } }
}

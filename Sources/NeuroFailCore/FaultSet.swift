/// A neuron of a chip: hidden layer `layer` (1...L, as in the paper) and its index within the layer (0-based).
public struct NeuronID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var layer: Int
    public var index: Int
    public init(layer: Int, index: Int) {
        self.layer = layer
        self.index = index
    }
    public static func < (a: NeuronID, b: NeuronID) -> Bool { (a.layer, a.index) < (b.layer, b.index) }
    /// `n<layer>.<index>`, e.g. `n2.5`: the form used in traces.
    public var description: String { "n\(layer).\(index)" }
}

/// A synapse of a chip: into layer `layer` (1...L+1, L+1 being the readout), from neuron `source` of layer
/// `layer − 1` (or chip input `source` when `layer == 1`) to neuron `target` of layer `layer`.
public struct SynapseID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var layer: Int
    public var target: Int
    public var source: Int
    public init(layer: Int, target: Int, source: Int) {
        self.layer = layer
        self.target = target
        self.source = source
    }
    public static func < (a: SynapseID, b: SynapseID) -> Bool {
        (a.layer, a.target, a.source) < (b.layer, b.target, b.source)
    }
    /// `s<layer>.<target>.<source>`, e.g. `s3.0.7`: the form used in traces.
    public var description: String { "s\(layer).\(target).\(source)" }
}

/// Which components of a chip have crashed: neurons (send nothing; receivers count 0, paper Def. 2) and synapses
/// (deliver nothing).
///
/// Stored per layer as sorted index lists so that campaigns can build and compare fault sets cheaply.
/// Invariant for a chip with widths N_1...N_L: `neurons.count == L`, `synapses.count == L + 1`, indices in range,
/// no duplicates.
public struct FaultSet: Sendable, Hashable {
    /// `neurons[l - 1]`: sorted indices of crashed neurons in hidden layer l.
    public var neurons: [[Int]]
    /// `synapses[l - 1]`: sorted numbers of crashed synapses into layer l (`synapses[L]` is the readout), in the
    /// layer's synapse numbering (``Layer``): `target * inputs + source` for a dense layer.
    public var synapses: [[Int]]

    /// No faults, for a chip with `depth` hidden layers.
    public init(depth: Int) {
        neurons = Array(repeating: [], count: depth)
        synapses = Array(repeating: [], count: depth + 1)
    }

    /// No faults on `chip`.
    public init(pristine chip: Chip) { self.init(depth: chip.depth) }

    /// Per-layer lists as given; they are sorted and de-duplicated.
    public init(neurons: [[Int]], synapses: [[Int]]? = nil) {
        self.neurons = neurons.map { Array(Set($0)).sorted() }
        self.synapses = (synapses ?? Array(repeating: [], count: neurons.count + 1)).map { Array(Set($0)).sorted() }
    }

    /// f_1...f_L: crashed neurons per hidden layer.
    public var neuronCounts: [Int] { neurons.map(\.count) }
    /// s_1...s_(L+1): crashed synapses per weight matrix.
    public var synapseCounts: [Int] { synapses.map(\.count) }
    /// Whether nothing has crashed.
    public var isEmpty: Bool { neurons.allSatisfy(\.isEmpty) && synapses.allSatisfy(\.isEmpty) }
    /// The total number of crashed components.
    public var count: Int { neurons.reduce(0) { $0 + $1.count } + synapses.reduce(0) { $0 + $1.count } }

    /// Crashes `neuron` (idempotent).
    public mutating func crash(_ neuron: NeuronID) {
        var list = neurons[neuron.layer - 1]
        guard !list.contains(neuron.index) else { return }
        list.append(neuron.index)
        list.sort()
        neurons[neuron.layer - 1] = list
    }

    /// Crashes `synapse` of `chip` (idempotent). Precondition: the chip has it (``Chip/synapseIndex(_:)``).
    public mutating func crash(_ synapse: SynapseID, on chip: Chip) {
        guard let flat = chip.synapseIndex(synapse) else { preconditionFailure("\(synapse) is not a synapse of \(chip.name)") }
        var list = synapses[synapse.layer - 1]
        guard !list.contains(flat) else { return }
        list.append(flat)
        list.sort()
        synapses[synapse.layer - 1] = list
    }

    /// Whether `neuron` has crashed.
    public func isCrashed(_ neuron: NeuronID) -> Bool { neurons[neuron.layer - 1].contains(neuron.index) }

    /// Checks the fault set against a chip's shape.
    public func isValid(for chip: Chip) -> Bool {
        guard neurons.count == chip.depth, synapses.count == chip.depth + 1 else { return false }
        for (l, list) in neurons.enumerated() where !list.allSatisfy({ (0..<chip.widths[l]).contains($0) }) {
            return false
        }
        let layers = chip.allLayers
        for (l, list) in synapses.enumerated() where !list.allSatisfy({ (0..<layers[l].synapseCount).contains($0) }) {
            return false
        }
        return true
    }
}

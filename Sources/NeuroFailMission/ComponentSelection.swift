import NeuroFailCore

/// Which components a per-component model applies to: neurons, synapses or both, in all layers or in named ones.
///
/// Scenario form: `"components": "neurons" | "synapses" | "all"` (default `neurons`) and an optional
/// `"layers": [1, 3]` (neurons: hidden layers 1...L; synapses: weight matrices 1...L+1, L+1 the readout).
public struct ComponentSelection: Sendable, Hashable {
    /// Whether hidden neurons are included.
    public var neurons: Bool
    /// Whether synapses are included.
    public var synapses: Bool
    /// The layers included, or `nil` for all.
    public var layers: Set<Int>?

    /// A selection; by default every neuron of every layer.
    public init(neurons: Bool = true, synapses: Bool = false, layers: Set<Int>? = nil) {
        self.neurons = neurons
        self.synapses = synapses
        self.layers = layers
    }

    /// Every neuron.
    public static let allNeurons = ComponentSelection(neurons: true, synapses: false)
    /// Every synapse.
    public static let allSynapses = ComponentSelection(neurons: false, synapses: true)

    /// The selected components of `chip`, in ``Component`` order (neurons by layer and index, then synapses by
    /// matrix in the layer's synapse numbering: by target, then source; a convolution's kernel connections only),
    /// computed on demand (``ComponentList``).
    public func components(of chip: Chip) -> ComponentList { ComponentList(self, chip: chip) }

    /// Reads `components` (absent: `initial`) and `layers` from a model object; errors name the field.
    public static func decode(
        _ field: JSONField, chip: Chip, default initial: ComponentSelection = .allNeurons
    ) throws(InputError) -> ComponentSelection {
        var selection = initial
        if field["components"].isPresent {
            switch try field["components"].string() {
            case "neurons": selection = .allNeurons
            case "synapses": selection = .allSynapses
            case "all": selection = ComponentSelection(neurons: true, synapses: true)
            case let other:
                throw field["components"].invalid(
                    "unknown components \"\(other)\", expected \"neurons\", \"synapses\" or \"all\"")
            }
        }
        if field["layers"].isPresent {
            let top = selection.synapses ? chip.depth + 1 : chip.depth
            var layers = Set<Int>()
            for item in try field["layers"].array() { layers.insert(try item.integer(in: 1...top)) }
            guard !layers.isEmpty else { throw field["layers"].invalid("must name at least one layer") }
            selection.layers = layers
        }
        return selection
    }
}

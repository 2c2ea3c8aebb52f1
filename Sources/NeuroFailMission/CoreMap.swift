import NeuroFailCore

/// Which neurons share a core (a tile of the neuromorphic chip with shared circuitry: router, clock, memory
/// controller). A latch-up in a core's shared circuitry takes down every neuron on it and every synapse into them
/// (``CoreLatchupModel``).
///
/// Sources, in order of precedence: the scenario's `cores` field, the chip file's metadata field `cores`, or the
/// default packing ``packed(_:neuronsPerCore:featureMaps:)``. Forms accepted by ``decode(_:chip:)``:
/// - an array of cores, each an array of neuron ids: `[["n1.0", "n1.1"], ["n2.0"]]`;
/// - per-layer lists of cores, each a list of indices: `{"layers": [[[0, 1], [2]], [[0, 1, 2]]]}`;
/// - `{"neuronsPerCore": 8}`: the default packing with another core size; `"featureMaps": false` packs the
///   output units of convolutional layers like a dense layer's neurons instead of one feature map per core.
///
/// Invariants: every neuron id exists on the chip, no neuron is on two cores, no core is empty. A neuron may be on
/// no core (it is then immune to core latch-ups).
public struct CoreMap: Sendable, Hashable {
    /// The default core size: 16 neurons.
    public static let defaultNeuronsPerCore = 16

    /// `cores[k]`: the neurons of core k, sorted.
    public let cores: [[NeuronID]]
    private let coreOfNeuron: [NeuronID: Int]

    /// A map from explicit cores. Precondition: no neuron twice, no empty core (decoders check first).
    public init(cores: [[NeuronID]]) {
        var index = [NeuronID: Int]()
        for (k, core) in cores.enumerated() {
            precondition(!core.isEmpty, "core \(k) is empty")
            for n in core { precondition(index.updateValue(k, forKey: n) == nil, "\(n) is on two cores") }
        }
        self.cores = cores.map { $0.sorted() }
        self.coreOfNeuron = index
    }

    /// A map with no cores (core latch-ups then have nothing to hit).
    public static let none = CoreMap(cores: [])

    /// The default packing: the neurons of each dense hidden layer, in index order, fill cores of `neuronsPerCore`
    /// (the last core of a layer may be smaller); a core never mixes layers. Cores are numbered layer by layer.
    /// A 50-neuron layer with 16 per core gives cores of 16, 16, 16 and 2. A convolutional layer, with
    /// `featureMaps` (the default), gets one core per output channel holding that feature map's every position, as
    /// neuromorphic chips place a convolution's maps, so a core latch-up takes down a whole feature map; without,
    /// its units are packed like a dense layer's.
    public static func packed(
        _ chip: Chip, neuronsPerCore: Int = defaultNeuronsPerCore, featureMaps: Bool = true
    ) -> CoreMap {
        precondition(neuronsPerCore > 0)
        var cores = [[NeuronID]]()
        for (l, width) in chip.widths.enumerated() {
            if featureMaps, let c = chip.hidden[l].convolution {
                for channel in 0..<c.outputChannels {
                    let first = channel * c.positions
                    cores.append((first..<(first + c.positions)).map { NeuronID(layer: l + 1, index: $0) })
                }
                continue
            }
            for first in stride(from: 0, to: width, by: neuronsPerCore) {
                cores.append((first..<min(width, first + neuronsPerCore)).map { NeuronID(layer: l + 1, index: $0) })
            }
        }
        return CoreMap(cores: cores)
    }

    /// The number of cores.
    public var count: Int { cores.count }

    /// The core holding `neuron`, if any.
    public func core(of neuron: NeuronID) -> Int? { coreOfNeuron[neuron] }

    /// Everything that fails with core `k`: its neurons, then every synapse into them (sources in index order).
    public func components(ofCore k: Int, chip: Chip) -> [Component] {
        guard cores.indices.contains(k) else { return [] }
        var out = cores[k].map(Component.neuron)
        for n in cores[k] {
            // Whatever the layer's connectivity: the synapses that exist, without building a list per neuron.
            chip.hidden[n.layer - 1].forEachIncoming(n.index) { source, _, _ in
                out.append(.synapse(SynapseID(layer: n.layer, target: n.index, source: source)))
            }
        }
        return out
    }

    /// The core map of `chip`: its metadata field `cores` if present (errors name `file` and `cores`), else the
    /// default packing.
    public static func of(_ chip: Chip, file: String) throws(InputError) -> CoreMap {
        guard let value = chip.metadata("cores") else { return packed(chip) }
        return try decode(JSONField(value: value, file: file, path: "cores"), chip: chip)
    }

    /// Reads a core map in any of the forms listed on the type; errors name the field and element.
    public static func decode(_ field: JSONField, chip: Chip) throws(InputError) -> CoreMap {
        var cores = [[NeuronID]]()
        var seen = [NeuronID: String]()
        func add(_ n: NeuronID, _ where_: JSONField) throws(InputError) {
            guard (1...chip.depth).contains(n.layer), (0..<chip.widths[n.layer - 1]).contains(n.index) else {
                throw where_.invalid("\(n) is not a neuron of the chip (widths \(chip.widths))")
            }
            if let other = seen[n] { throw where_.invalid("\(n) is already on \(other)") }
            seen[n] = "core \(cores.count - 1)"
            cores[cores.count - 1].append(n)
        }
        if case .object = field.value {
            for key in try field.objectKeys() where !["neuronsPerCore", "featureMaps", "layers"].contains(key) {
                throw field[key].invalid("unknown field (expected \"neuronsPerCore\", \"featureMaps\" or \"layers\")")
            }
            if field["neuronsPerCore"].isPresent || field["featureMaps"].isPresent {
                let size = field["neuronsPerCore"].isPresent
                    ? try field["neuronsPerCore"].integer(in: 1...1_000_000) : defaultNeuronsPerCore
                let maps = field["featureMaps"].isPresent ? try field["featureMaps"].bool() : true
                return packed(chip, neuronsPerCore: size, featureMaps: maps)
            }
            let layers = try field["layers"].array()
            guard layers.count == chip.depth else {
                throw field["layers"].invalid("has \(layers.count) layers, expected \(chip.depth)")
            }
            for (l, layer) in layers.enumerated() {
                for core in try layer.array() {
                    let items = try core.array()
                    guard !items.isEmpty else { throw core.invalid("a core needs at least one neuron") }
                    cores.append([])
                    for item in items {
                        try add(NeuronID(layer: l + 1, index: try item.integer(in: 0...Int(Int32.max))), item)
                    }
                }
            }
        } else {
            for core in try field.array() {
                let items = try core.array()
                guard !items.isEmpty else { throw core.invalid("a core needs at least one neuron") }
                cores.append([])
                for item in items {
                    let text = try item.string()
                    guard case let .neuron(n)? = Component(parsing: text) else {
                        throw item.invalid("\"\(text)\" is not a neuron id like \"n1.3\"")
                    }
                    try add(n, item)
                }
            }
        }
        return CoreMap(cores: cores)
    }
}

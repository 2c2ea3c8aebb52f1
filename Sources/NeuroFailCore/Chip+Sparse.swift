extension Chip {
    /// Reads a sparse hidden layer (`"type": "sparse"`) fed by `inputs` units.
    ///
    /// Fields: `sources` (one list per neuron: the input units its synapses come from, strictly increasing),
    /// `weights` (one list per neuron, as long as its `sources`), `bias` (one per neuron). Errors name the field and
    /// the neuron.
    static func decodeSparse(_ field: JSONField, inputs: Int, activation: Activation) throws(InputError) -> Layer {
        try field.rejectUnknownKeys(allowed: ["type", "sources", "weights", "bias", "activation"])
        let sourceRows = try field["sources"].array()
        let weightRows = try field["weights"].array()
        guard !sourceRows.isEmpty else { throw field["sources"].invalid("has no rows: a layer needs at least one neuron") }
        guard weightRows.count == sourceRows.count else {
            throw field["weights"].invalid("has \(weightRows.count) rows, expected \(sourceRows.count) (one per row of sources)")
        }
        var rowStart = [0], sources = [Int32](), weights = [Double]()
        rowStart.reserveCapacity(sourceRows.count + 1)
        for (t, (s, w)) in zip(sourceRows, weightRows).enumerated() {
            let row = try w.numbers()
            let list = try s.array()
            guard list.count == row.count else {
                throw w.invalid("has \(row.count) numbers, but sources[\(t)] has \(list.count) (one weight per synapse)")
            }
            var previous = -1
            for entry in list {
                let source = try entry.integer(in: 0...(inputs - 1))
                guard source > previous else {
                    throw entry.invalid("\(source) after \(previous): each neuron's sources must be strictly increasing (sort them, merge duplicates)")
                }
                previous = source
                sources.append(Int32(source))
            }
            weights += row
            rowStart.append(sources.count)
        }
        let bias = try field["bias"].numbers()
        guard bias.count == sourceRows.count else {
            throw field["bias"].invalid("has \(bias.count) numbers, expected \(sourceRows.count) (one per neuron)")
        }
        if let problem = SparseConnectivity.problem(inputs: inputs, outputs: sourceRows.count, rowStart: rowStart, sources: sources) {
            throw field["sources"].invalid(problem)
        }
        let c = SparseConnectivity(inputs: inputs, outputs: sourceRows.count, rowStart: rowStart, sources: sources)
        return Layer(sparse: c, weights: weights, bias: bias, activation: activation)
    }

    /// A sparse layer as its chip-file object (`type`, `sources`, `weights`, `bias`, and `activation` when asked).
    static func sparseJSON(_ c: SparseConnectivity, layer: Layer, activation: Activation?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("type", .string(LayerType.sparse.rawValue)),
            ("sources", .array((0..<c.outputs).map { t in .numbers(c.synapses(of: t).map { Double(c.sources[$0]) }) })),
            ("weights", .array((0..<c.outputs).map { t in .numbers(layer.weights[c.synapses(of: t)]) })),
            ("bias", .numbers(layer.bias)),
        ]
        if let activation { pairs.append(("activation", activationJSON(activation))) }
        return .object(pairs)
    }
}

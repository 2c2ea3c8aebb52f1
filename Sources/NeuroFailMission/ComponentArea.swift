import NeuroFailCore

/// The silicon area a scenario declares per component kind (`areaCm2`), in cm²: a cross-section cannot be larger
/// than the area the ion has to hit, so the decoder refuses a model whose cross-section exceeds the area of its
/// components (Docs/scenario-format.md).
///
/// Scenario form: `"areaCm2": {"neuron": 4.6e-6, "synapse": 4.6e-9, "core": 7.3e-5, "bit": 1.6e-9, "note": "..."}`,
/// every key optional (an absent one is not checked). Invariant: every area > 0 and finite.
public struct ComponentArea: Sendable, Hashable {
    /// cm² per neuron (its share of the die: neuron, synapse memory and routing).
    public var neuron: Double?
    /// cm² per synapse.
    public var synapse: Double?
    /// cm² per core (power domain) of the ``CoreMap``.
    public var core: Double?
    /// cm² per stored weight bit (the memory cell).
    public var bit: Double?

    /// Areas; nil: not declared.
    public init(neuron: Double? = nil, synapse: Double? = nil, core: Double? = nil, bit: Double? = nil) {
        self.neuron = neuron
        self.synapse = synapse
        self.core = core
        self.bit = bit
    }

    /// No area declared: nothing is checked.
    public static let undeclared = ComponentArea()

    /// The areas a cross-section on `selection` must fit in, with their names (`areaCm2.neuron`, ...).
    public func bounds(for selection: ComponentSelection) -> [(name: String, area: Double)] {
        var out = [(name: String, area: Double)]()
        if selection.neurons, let neuron { out.append(("neuron", neuron)) }
        if selection.synapses, let synapse { out.append(("synapse", synapse)) }
        return out
    }

    /// Throws, naming `field`, if the cross-section `sigma` exceeds one of `bounds`.
    public static func check(_ sigma: Double, in bounds: [(name: String, area: Double)], field: JSONField) throws(InputError) {
        for (name, area) in bounds where sigma > area {
            throw field.invalid(
                "\(JSONValue.format(sigma)) cm² exceeds the declared area of a \(name) (areaCm2.\(name) = "
                    + "\(JSONValue.format(area)) cm²): a cross-section cannot be larger than the silicon it hits")
        }
    }

    /// Reads the scenario's optional `areaCm2`; errors name the field.
    public static func decode(_ field: JSONField) throws(InputError) -> ComponentArea {
        guard field.isPresent else { return .undeclared }
        try Scenario.rejectUnknownKeys(field, allowed: ["neuron", "synapse", "core", "bit", "note"])
        func area(_ key: String) throws(InputError) -> Double? {
            field[key].isPresent ? try field[key].positiveNumber() : nil
        }
        return ComponentArea(neuron: try area("neuron"), synapse: try area("synapse"), core: try area("core"), bit: try area("bit"))
    }
}

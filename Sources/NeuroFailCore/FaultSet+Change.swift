extension FaultSet {
    /// Applies one change of condition. A weight equal to the chip's own is the design value again (the entry goes);
    /// a neuron made alive or stuck is no longer crashed.
    ///
    /// Precondition: the component exists on `chip` (``isValid(_:for:)``).
    public mutating func apply(_ change: ComponentChange, chip: Chip) {
        switch change {
        case let .neuron(id, condition):
            let l = id.layer - 1
            neurons[l].removeAll { $0 == id.index }
            stuck[l].removeAll { $0.index == id.index }
            switch condition {
            case .alive: break
            case .crashed: crash(id)
            case let .stuck(value): Self.insert(Entry(index: id.index, value: value), into: &stuck[l])
            }
        case let .synapse(id, crashed):
            if crashed {
                crash(id, on: chip)
            } else if let flat = chip.synapseIndex(id) {
                synapses[id.layer - 1].removeAll { $0 == flat }
            }
        case let .weight(id, value):
            let layer = chip.layer(id.layer)
            guard let flat = chip.synapseIndex(id) else { return }
            weights[id.layer - 1].removeAll { $0.index == flat }
            if value.bitPattern != layer.weight(ofSynapse: flat).bitPattern {
                Self.insert(Entry(index: flat, value: value), into: &weights[id.layer - 1])
            }
        }
    }

    /// Whether `change` names a component of `chip` and carries a finite value.
    public static func isValid(_ change: ComponentChange, for chip: Chip) -> Bool {
        switch change {
        case let .neuron(id, condition):
            guard (1...chip.depth).contains(id.layer), (0..<chip.widths[id.layer - 1]).contains(id.index) else { return false }
            if case let .stuck(v) = condition { return v.isFinite }
            return true
        case let .synapse(id, _): return isValid(id, for: chip)
        case let .weight(id, v):
            // A convolution stores its kernel, not one weight per synapse: no single synapse's weight can change.
            guard (1...(chip.depth + 1)).contains(id.layer), chip.layer(id.layer).ownsWeights else { return false }
            return v.isFinite && isValid(id, for: chip)
        }
    }

    private static func isValid(_ id: SynapseID, for chip: Chip) -> Bool { chip.synapseIndex(id) != nil }

    /// The changes that take the pristine `chip` to this condition, in a fixed order (neurons by layer and index,
    /// then synapses, then weights): what an evaluator is given to reach it.
    public func changes(on chip: Chip) -> [ComponentChange] {
        var out = [ComponentChange]()
        for (l, list) in neurons.enumerated() {
            for i in list { out.append(.neuron(NeuronID(layer: l + 1, index: i), .crashed)) }
        }
        for (l, list) in stuck.enumerated() {
            for e in list { out.append(.neuron(NeuronID(layer: l + 1, index: e.index), .stuck(e.value))) }
        }
        let layers = chip.allLayers
        for (l, list) in synapses.enumerated() {
            for flat in list { out.append(.synapse(Self.synapse(l, flat, layers[l]), crashed: true)) }
        }
        for (l, list) in weights.enumerated() {
            for e in list { out.append(.weight(Self.synapse(l, e.index, layers[l]), e.value)) }
        }
        return out
    }

    private static func synapse(_ l: Int, _ flat: Int, _ layer: Layer) -> SynapseID {
        let (target, source) = layer.synapse(at: flat)
        return SynapseID(layer: l + 1, target: target, source: source)
    }

    /// Inserts `entry` keeping `list` sorted by index (the caller removed any entry of the same index).
    private static func insert(_ entry: Entry, into list: inout [Entry]) {
        let at = list.firstIndex { $0.index > entry.index } ?? list.count
        list.insert(entry, at: at)
    }
}

extension FaultSet {
    /// The changes that take a chip from condition `old` to condition `new`, in the order of ``changes(on:)``:
    /// every neuron whose condition differs, every synapse that crashed or delivers again, every stored weight that
    /// reads another value (the design value when it went back). Applying them to `old` gives `new`.
    public static func changes(from old: FaultSet, to new: FaultSet, on chip: Chip) -> [ComponentChange] {
        guard old != new else { return [] }
        var out = [ComponentChange]()
        for l in 0..<chip.depth where old.neurons[l] != new.neurons[l] || old.stuck[l] != new.stuck[l] {
            func conditions(_ f: FaultSet) -> [Int: ComponentChange.NeuronCondition] {
                var c = [Int: ComponentChange.NeuronCondition]()
                for i in f.neurons[l] { c[i] = .crashed }
                for e in f.stuck[l] { c[e.index] = .stuck(e.value) }
                return c
            }
            let (a, b) = (conditions(old), conditions(new))
            for i in Set(a.keys).union(b.keys).sorted() where a[i] != b[i] {
                out.append(.neuron(NeuronID(layer: l + 1, index: i), b[i] ?? .alive))
            }
        }
        let layers = chip.allLayers
        // The lists are sorted and duplicate-free (the type's invariant), so one merge of each pair finds what
        // differs in ascending order (hashing both lists per change showed in the mission's profile).
        for l in 0...chip.depth where old.synapses[l] != new.synapses[l] {
            let (a, b) = (old.synapses[l], new.synapses[l])
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if j == b.count || (i < a.count && a[i] < b[j]) {
                    out.append(.synapse(synapse(l, a[i], layers[l]), crashed: false))
                    i += 1
                } else if i == a.count || b[j] < a[i] {
                    out.append(.synapse(synapse(l, b[j], layers[l]), crashed: true))
                    j += 1
                } else {
                    i += 1
                    j += 1
                }
            }
        }
        for l in 0...chip.depth where old.weights[l] != new.weights[l] {
            let (a, b) = (old.weights[l], new.weights[l])
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if j == b.count || (i < a.count && a[i].index < b[j].index) {
                    out.append(.weight(synapse(l, a[i].index, layers[l]), layers[l].weights[a[i].index]))
                    i += 1
                } else if i == a.count || b[j].index < a[i].index {
                    out.append(.weight(synapse(l, b[j].index, layers[l]), b[j].value))
                    j += 1
                } else {
                    if a[i].value.bitPattern != b[j].value.bitPattern {
                        out.append(.weight(synapse(l, b[j].index, layers[l]), b[j].value))
                    }
                    i += 1
                    j += 1
                }
            }
        }
        return out
    }
}

extension FaultSet {
    /// The fault set without the synapse faults that cannot matter on `chip`: crashed synapses from or into a crashed
    /// neuron or into a stuck one (the neuron already sends nothing, ignores what it receives, or sends its value
    /// whatever it receives), and changed weights of such synapses or of crashed synapses. The chip computes the same
    /// function, so a bound may count only these. (A synapse from a *stuck* neuron still matters: it carries c.)
    public func effective(on chip: Chip) -> FaultSet {
        var out = self
        let layers = chip.allLayers
        for l in 0..<out.synapses.count where !out.synapses[l].isEmpty || !out.weights[l].isEmpty {
            let layer = layers[l]
            let deadSources = l > 0 ? Set(neurons[l - 1]) : []
            var deadTargets: Set<Int> = l < chip.depth ? Set(neurons[l]) : []
            if l < chip.depth { deadTargets.formUnion(stuck[l].map(\.index)) }
            out.synapses[l] = out.synapses[l].filter { flat in
                let (target, source) = layer.synapse(at: flat)
                return !deadSources.contains(source) && !deadTargets.contains(target)
            }
            let crashed = Set(synapses[l])
            out.weights[l] = out.weights[l].filter { e in
                let (target, source) = layer.synapse(at: e.index)
                return !crashed.contains(e.index) && !deadSources.contains(source) && !deadTargets.contains(target)
            }
        }
        return out
    }
}

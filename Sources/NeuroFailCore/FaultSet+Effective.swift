extension FaultSet {
    /// The fault set without the synapse crashes that cannot matter on `chip`: those from or into a crashed neuron
    /// (the neuron already sends nothing, or ignores what it receives). The chip computes the same function, so a
    /// bound may count only these.
    public func effective(on chip: Chip) -> FaultSet {
        var out = self
        let layers = chip.allLayers
        for l in 0..<out.synapses.count where !out.synapses[l].isEmpty {
            let layer = layers[l]
            let deadSources = l > 0 ? Set(neurons[l - 1]) : []
            let deadTargets = l < chip.depth ? Set(neurons[l]) : []
            out.synapses[l] = out.synapses[l].filter { flat in
                let (target, source) = layer.synapse(at: flat)
                return !deadSources.contains(source) && !deadTargets.contains(target)
            }
        }
        return out
    }
}

import NeuroFailCore

extension ChipNetwork {
    /// Crashes every neuron and synapse listed in `faults` (components already faulty in other ways become crashed;
    /// others keep their state).
    ///
    /// - Throws: ``KernelError/faultSetDoesNotFit(chipName:)`` if `faults` is shaped for another chip; then nothing
    ///   changes.
    public func apply(_ faults: FaultSet) throws(KernelError) {
        guard faults.isValid(for: chip) else { throw .faultSetDoesNotFit(chipName: chip.name) }
        for (offset, indices) in faults.neurons.enumerated() {
            for index in indices { neurons[offset][index].state = .crashed }
        }
        for (offset, indices) in faults.synapses.enumerated() {
            for index in indices { synapses[offset][index].state = .crashed }
        }
    }

    /// Crashes a hidden neuron: from the next round on it sends nothing (paper Def. 2).
    ///
    /// - Throws: ``KernelError/noSuchNeuron(_:)`` if the chip has no such hidden neuron.
    public func crash(_ neuron: NeuronID) throws(KernelError) {
        try setState(.crashed, of: neuron)
    }

    /// Crashes a synapse (readout synapses included, layer L+1): it delivers nothing.
    ///
    /// - Throws: ``KernelError/noSuchSynapse(_:)`` if the chip has no such synapse.
    public func crash(_ synapse: SynapseID) throws(KernelError) {
        try setState(.crashed, of: synapse)
    }

    /// Puts a hidden neuron in `state`. A ``ComponentState/transient(_:)`` state lasts for the next inference.
    ///
    /// - Throws: ``KernelError/noSuchNeuron(_:)`` if the chip has no such hidden neuron.
    public func setState(_ state: ComponentState, of neuron: NeuronID) throws(KernelError) {
        guard let cell = cell(neuron) else { throw .noSuchNeuron(neuron) }
        cell.state = state
        if case .transient = state { upsetNeurons.append(cell) }
    }

    /// Puts a synapse in `state`. A ``ComponentState/transient(_:)`` state lasts for the next inference.
    ///
    /// - Throws: ``KernelError/noSuchSynapse(_:)`` if the chip has no such synapse.
    public func setState(_ state: ComponentState, of synapse: SynapseID) throws(KernelError) {
        guard let link = link(synapse) else { throw .noSuchSynapse(synapse) }
        link.state = state
        if case .transient = state { upsetSynapses.append(link) }
    }

    /// The state of a hidden neuron, or `nil` if the chip has no such neuron.
    public func state(of neuron: NeuronID) -> ComponentState? { cell(neuron)?.state }

    /// The state of a synapse, or `nil` if the chip has no such synapse.
    public func state(of synapse: SynapseID) -> ComponentState? { link(synapse)?.state }

    /// Returns every neuron and synapse to ``ComponentState/alive``.
    public func repairAll() {
        for layer in neurons { for cell in layer { cell.state = .alive } }
        for layer in synapses { for link in layer { link.state = .alive } }
        upsetNeurons = []
        upsetSynapses = []
    }

    /// Restores the components whose transient upset has lasted its inference.
    func endTransientUpsets() {
        for cell in upsetNeurons { if case .transient = cell.state { cell.state = .alive } }
        for link in upsetSynapses { if case .transient = link.state { link.state = .alive } }
        upsetNeurons.removeAll(keepingCapacity: true)
        upsetSynapses.removeAll(keepingCapacity: true)
    }

    /// The process of a hidden neuron (layers 1...L), if it exists.
    private func cell(_ id: NeuronID) -> NeuronProcess? {
        guard (1...chip.depth).contains(id.layer), neurons[id.layer - 1].indices.contains(id.index) else { return nil }
        return neurons[id.layer - 1][id.index]
    }

    /// The process of a synapse (layers 1...L+1), if it exists.
    private func link(_ id: SynapseID) -> SynapseProcess? {
        guard let index = chip.synapseIndex(id) else { return nil }
        return synapses[id.layer - 1][index]
    }
}

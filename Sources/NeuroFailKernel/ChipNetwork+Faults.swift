import NeuroFailCore

extension ChipNetwork {
    /// A network for `chip` with the crashes of `faults` applied.
    ///
    /// - Throws: ``KernelError/faultSetDoesNotFit(chipName:)`` if `faults` is shaped for another chip.
    public convenience init(chip: Chip, faults: FaultSet) throws(KernelError) {
        self.init(chip: chip)
        try apply(faults)
    }

    /// Puts every component `faults` lists in its faulty state: crashed neurons and synapses crash, stuck neurons
    /// send their value, synapses with a changed stored weight deliver with it (``ComponentState/stuckAt(_:)``).
    /// Components it does not list keep their state.
    ///
    /// - Throws: ``KernelError/faultSetDoesNotFit(chipName:)`` if `faults` is shaped for another chip; then nothing
    ///   changes.
    public func apply(_ faults: FaultSet) throws(KernelError) {
        guard faults.isValid(for: chip) else { throw .faultSetDoesNotFit(chipName: chip.name) }
        for (offset, entries) in faults.stuck.enumerated() {
            for e in entries { neurons[offset][e.index].state = .stuckAt(e.value) }
        }
        for (offset, entries) in faults.weights.enumerated() {
            for e in entries { synapses[offset][e.index].state = .stuckAt(e.value) }
        }
        for (offset, indices) in faults.neurons.enumerated() {
            for index in indices { neurons[offset][index].state = .crashed }
        }
        for (offset, indices) in faults.synapses.enumerated() {
            for index in indices { synapses[offset][index].state = .crashed }
        }
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

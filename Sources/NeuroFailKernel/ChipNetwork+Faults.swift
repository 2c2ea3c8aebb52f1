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
            for e in entries { neurons[offset].states[e.index] = .stuckAt(e.value) }
        }
        for (offset, entries) in faults.weights.enumerated() {
            for e in entries { synapses[offset].setState(.stuckAt(e.value), ofSynapse: e.index) }
        }
        for (offset, indices) in faults.neurons.enumerated() {
            for index in indices { neurons[offset].states[index] = .crashed }
        }
        for (offset, indices) in faults.synapses.enumerated() {
            for index in indices { synapses[offset].setState(.crashed, ofSynapse: index) }
        }
    }

    /// Puts a hidden neuron in `state`. A ``ComponentState/transient(_:)`` state lasts for the next inference.
    ///
    /// - Throws: ``KernelError/noSuchNeuron(_:)`` if the chip has no such hidden neuron.
    public func setState(_ state: ComponentState, of neuron: NeuronID) throws(KernelError) {
        guard contains(neuron) else { throw .noSuchNeuron(neuron) }
        neurons[neuron.layer - 1].states[neuron.index] = state
        if case .transient = state { upsetNeurons.append(neuron) }
    }

    /// Puts a synapse in `state`. A ``ComponentState/transient(_:)`` state lasts for the next inference.
    ///
    /// - Throws: ``KernelError/noSuchSynapse(_:)`` if the chip has no such synapse.
    public func setState(_ state: ComponentState, of synapse: SynapseID) throws(KernelError) {
        guard let number = chip.synapseIndex(synapse) else { throw .noSuchSynapse(synapse) }
        synapses[synapse.layer - 1].setState(state, ofSynapse: number)
        if case .transient = state { upsetSynapses.append((synapse.layer, number)) }
    }

    /// The state of a hidden neuron, or `nil` if the chip has no such neuron.
    public func state(of neuron: NeuronID) -> ComponentState? {
        contains(neuron) ? neurons[neuron.layer - 1].states[neuron.index] : nil
    }

    /// The state of a synapse, or `nil` if the chip has no such synapse.
    public func state(of synapse: SynapseID) -> ComponentState? {
        chip.synapseIndex(synapse).map { synapses[synapse.layer - 1].state(ofSynapse: $0) }
    }

    /// Restores the components whose transient upset has lasted its inference.
    func endTransientUpsets() {
        for id in upsetNeurons {
            if case .transient = neurons[id.layer - 1].states[id.index] { neurons[id.layer - 1].states[id.index] = .alive }
        }
        for (layer, number) in upsetSynapses {
            if case .transient = synapses[layer - 1].state(ofSynapse: number) {
                synapses[layer - 1].setState(.alive, ofSynapse: number)
            }
        }
        upsetNeurons.removeAll(keepingCapacity: true)
        upsetSynapses.removeAll(keepingCapacity: true)
    }

    /// Whether the chip has hidden neuron `id` (layers 1...L).
    private func contains(_ id: NeuronID) -> Bool {
        (1...chip.depth).contains(id.layer) && neurons[id.layer - 1].states.indices.contains(id.index)
    }
}

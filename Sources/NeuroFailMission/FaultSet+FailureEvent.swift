import NeuroFailCore

extension FaultSet {
    /// Applies a permanent failure: a neuron or synapse crashes; a core crashes every neuron on it and every synapse
    /// into those neurons (``CoreMap/components(ofCore:chip:)``). Idempotent; components not on `chip` are ignored.
    public mutating func apply(_ event: FailureEvent, chip: Chip, cores: CoreMap) {
        let components: [Component]
        if case let .core(k) = event.component {
            components = cores.components(ofCore: k, chip: chip)
        } else {
            components = [event.component]
        }
        for component in components where component.invalidReason(chip: chip, cores: cores) == nil {
            switch component {
            case let .neuron(n): crash(n)
            case let .synapse(s): crash(s, on: chip)
            case .core: break
            }
        }
    }
}

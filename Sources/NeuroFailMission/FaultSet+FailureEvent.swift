import NeuroFailCore

extension FailureEvent {
    /// What the failure does to the chip, component by component: a neuron or synapse crashes; a core crashes every
    /// neuron on it and every synapse into those neurons (``CoreMap/components(ofCore:chip:)``). Components not on
    /// `chip` are left out.
    public func changes(chip: Chip, cores: CoreMap) -> [ComponentChange] {
        let components: [Component]
        if case let .core(k) = component {
            components = cores.components(ofCore: k, chip: chip)
        } else {
            components = [component]
        }
        return components.compactMap { component in
            guard component.invalidReason(chip: chip, cores: cores) == nil else { return nil }
            switch component {
            case let .neuron(n): return .neuron(n, .crashed)
            case let .synapse(s): return .synapse(s, crashed: true)
            case .core: return nil
            }
        }
    }
}

extension FaultSet {
    /// Applies a permanent failure (``FailureEvent/changes(chip:cores:)``). Idempotent.
    public mutating func apply(_ event: FailureEvent, chip: Chip, cores: CoreMap) {
        for change in event.changes(chip: chip, cores: cores) { apply(change, chip: chip) }
    }
}

import NeuroFailCore

extension FailureEvent {
    /// What the failure does to the chip, component by component: a neuron or synapse crashes, or a neuron gets stuck
    /// at the event's value (`stuck-at`); a core crashes every neuron on it and every synapse into those neurons
    /// (``CoreMap/components(ofCore:chip:)``), for good or for an outage. A bit flip (`seu`) changes nothing here: what
    /// it does depends on the word stored at the time (``ChipProcess`` keeps it), nor does a transient upset (it
    /// passes with its inference). Components not on `chip` are left out.
    public func changes(chip: Chip, cores: CoreMap) -> [ComponentChange] {
        if kind == .bitFlip || kind == .transient { return [] }
        if kind == .stuckAt, case let .neuron(n) = component, component.invalidReason(chip: chip, cores: cores) == nil {
            return [.neuron(n, .stuck(value ?? 0))]
        }
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
    /// Applies a failure (``FailureEvent/changes(chip:cores:)``). Idempotent.
    public mutating func apply(_ event: FailureEvent, chip: Chip, cores: CoreMap) {
        for change in event.changes(chip: chip, cores: cores) { apply(change, chip: chip) }
    }
}

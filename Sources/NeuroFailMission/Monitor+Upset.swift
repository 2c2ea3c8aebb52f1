import NeuroFailCore

extension Monitor {
    /// What one transient upset did to the inference it hit: measured, not bounded.
    public struct UpsetEffect: Sendable, Hashable {
        /// ‖F_upset(x) − F(x)‖ in the monitor's norm: the upset inference's outputs against the same inference of the
        /// chip in its present condition (its permanent faults included), on the workload input x it hit.
        public var deviation: Double
        /// Whether the upset changed that inference's decision (argmax, first on ties).
        public var decisionFlipped: Bool

        public init(deviation: Double, decisionFlipped: Bool) {
            self.deviation = deviation
            self.decisionFlipped = decisionFlipped
        }

        /// An upset that changed nothing (it hit a component already faulty, or a message that was 0).
        public static let unchanged = UpsetEffect(deviation: 0, decisionFlipped: false)
    }

    /// The change a transient upset (`transient`) makes for its one inference: the neuron sends 0, or the synapse
    /// delivers with weight 0; nil when the component is not working as designed in `faults` (crashed, stuck, down
    /// with its core, its stored weight flipped: its message is already its fault's, and the upset changes nothing)
    /// or is not a neuron or synapse of the chip.
    public func upsetChange(of component: Component, in faults: FaultSet) -> ComponentChange? {
        switch component {
        case let .neuron(n):
            guard (1...chip.depth).contains(n.layer), (0..<chip.widths[n.layer - 1]).contains(n.index),
                !faults.neurons[n.layer - 1].contains(n.index),
                !faults.stuck[n.layer - 1].contains(where: { $0.index == n.index })
            else { return nil }
            return .neuron(n, .stuck(0))
        case let .synapse(s):
            guard let flat = chip.synapseIndex(s), chip.layer(s.layer).ownsWeights,
                !faults.synapses[s.layer - 1].contains(flat),
                !faults.weights[s.layer - 1].contains(where: { $0.index == flat })
            else { return nil }
            return .weight(s, 0)
        case .core:
            return nil
        }
    }

    /// Measures the transient upset `event` (kind `transient`, value the workload input it hits) on `evaluator`'s
    /// chip in its present condition: the inference on that input with and without the upset
    /// (``NeuroFailCore/ChipEvaluator/outputs(input:upset:)``). The condition is unchanged afterwards.
    public func measure(upset event: FailureEvent, on evaluator: any ChipEvaluator) -> UpsetEffect {
        guard event.kind == .transient, let value = event.value, value >= 0, value < Double(workload.count),
            let change = upsetChange(of: event.component, in: evaluator.faults)
        else { return .unchanged }
        let input = Int(value)
        let base = evaluator.outputs(input: input, upset: nil)
        let hit = evaluator.outputs(input: input, upset: change)
        let m = chip.outputCount
        return UpsetEffect(
            deviation: norm(zip(hit, base).map { $0 - $1 }),
            decisionFlipped: Self.argmax(hit, 0, m) != Self.argmax(base, 0, m))
    }
}

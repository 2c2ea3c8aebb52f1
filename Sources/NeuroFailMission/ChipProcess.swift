import NeuroFailCore
import NeuroFailKernel

/// The chip flown, as a process of a mission: faults arrive as messages and change the condition of the components
/// they hit, in its ``NeuroFailCore/ChipEvaluator`` (the dense engine or the message-level processes: this process
/// does not care which); after each it tells the monitor, before anything else due at the same time happens.
///
/// A component fails permanently at most once: a later failure of a component that already failed (a latch-up of
/// a neuron worn out before) changes nothing and is not recorded, as in the failure trace. A core is a component
/// of its own: a neuron may fail alone and later with its core.
final class ChipProcess: SimulationProcess {
    /// The chip's condition and outputs.
    let evaluator: any ChipEvaluator
    private let cores: CoreMap
    /// The monitor, told of every change.
    var monitor = ProcessID(index: 0)
    var id = ProcessID(index: 0)
    /// Components that failed permanently.
    private var failed = Set<Component>()
    /// The failures that happened, in order (the run's trace).
    private(set) var failures: [FailureEvent] = []

    init(evaluator: any ChipEvaluator, cores: CoreMap) {
        self.evaluator = evaluator
        self.cores = cores
    }

    func receive(_ message: Message<MissionSignal>, in environment: Environment<MissionSignal>) {
        guard case let .failure(event) = message.payload, failed.insert(event.component).inserted else { return }
        failures.append(event)
        let before = evaluator.faults
        for change in event.changes(chip: evaluator.chip, cores: cores) { evaluator.apply(change) }
        environment.send(
            Message(sender: id, payload: .changed(.failure(event), changed: evaluator.faults != before)), to: monitor,
            priority: .urgent)
    }
}

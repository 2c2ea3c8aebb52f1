import NeuroFailCore
import NeuroFailKernel

/// Spare neurons as a process of a mission: when the monitor reports a dead neuron (crashed or stuck) in a layer
/// with a spare left, it reserves the spare and, `delay` years later (if within the mission), switches it in if the
/// neuron is still dead then (a neuron down with its core may have come back with a power cycle: the spare is
/// kept). What it needs of the chip it reads from the evaluator, as the monitor does.
final class SpareProcess: SimulationProcess {
    private let evaluator: any ChipEvaluator
    private var remaining: [Int]
    private let delay: Double
    private let duration: Double
    private let chip: ProcessID
    /// Neurons whose spare is on its way.
    private var pending = Set<NeuronID>()
    var id = ProcessID(index: 0)
    /// Port of the message the process sends itself when a delay has passed.
    private static let due = 1

    init(evaluator: any ChipEvaluator, spares: [Int], delayYears: Double, durationYears: Double, chip: ProcessID) {
        self.evaluator = evaluator
        remaining = spares
        delay = delayYears
        duration = durationYears
        self.chip = chip
    }

    func receive(_ message: Message<MissionSignal>, in environment: Environment<MissionSignal>) {
        guard case let .dead(n) = message.payload else { return }
        let l = n.layer - 1
        if message.port == Self.due {
            pending.remove(n)
            let faults = evaluator.faults
            guard faults.neurons[l].contains(n.index) || faults.stuck[l].contains(where: { $0.index == n.index }) else {
                remaining[l] += 1
                return
            }
            environment.send(
                Message(sender: id, payload: .recovery(RecoveryEvent(time: environment.now, component: .neuron(n), kind: .spare))),
                to: chip, priority: .urgent)
            return
        }
        guard remaining[l] > 0, !pending.contains(n) else { return }
        let t = environment.now + delay
        guard t <= duration else { return }
        remaining[l] -= 1
        pending.insert(n)
        environment.send(Message(sender: id, port: Self.due, payload: .dead(n)), to: id, at: t)
    }
}

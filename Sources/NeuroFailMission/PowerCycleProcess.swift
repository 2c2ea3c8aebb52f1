import NeuroFailCore
import NeuroFailKernel

/// Latch-up recovery as a process of a mission: told by the chip that a core latched up (an outage), it detects it
/// and power-cycles the core's domain, which works again `delay` years later (if that is within the mission).
final class PowerCycleProcess: SimulationProcess {
    private let delay: Double
    private let duration: Double
    private let chip: ProcessID
    var id = ProcessID(index: 0)

    init(delayYears: Double, durationYears: Double, chip: ProcessID) {
        delay = delayYears
        duration = durationYears
        self.chip = chip
    }

    func receive(_ message: Message<MissionSignal>, in environment: Environment<MissionSignal>) {
        guard case let .outage(k) = message.payload else { return }
        let t = environment.now + delay
        guard t <= duration else { return }
        environment.send(
            Message(sender: id, payload: .recovery(RecoveryEvent(time: t, component: .core(k), kind: .powerCycle))),
            to: chip, at: t)
    }
}

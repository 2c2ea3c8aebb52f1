import NeuroFailCore
import NeuroFailKernel

/// Memory scrubbing as a process of a mission: every `period` years after launch (at k · period exactly, so no
/// drift) it rewrites the chip's weight memory, which restores every flipped bit. A scrub with nothing to restore
/// changes nothing and leaves no row in the timeline.
final class ScrubProcess: SimulationProcess {
    private let period: Double
    private let duration: Double
    private let chip: ProcessID
    var id = ProcessID(index: 0)

    init(periodYears: Double, durationYears: Double, chip: ProcessID) {
        period = periodYears
        duration = durationYears
        self.chip = chip
    }

    /// Launch: schedule every scrub of the mission for the chip (after the failures due at the same time).
    func resume(after event: Event<MissionSignal>, in environment: Environment<MissionSignal>) {
        var k = 1.0
        while k * period <= duration {
            let t = k * period
            environment.send(
                Message(sender: id, payload: .recovery(RecoveryEvent(time: t, component: nil, kind: .scrub))), to: chip,
                at: t, priority: .late)
            k += 1
        }
    }
}

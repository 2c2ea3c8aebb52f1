import NeuroFailCore
import NeuroFailKernel

/// A failure model as a process of a mission: at launch it draws the model's failures over the whole mission from
/// its own random stream (the same draws, in the same order, as ``FailureModel/failures(chip:cores:environment:rng:)``)
/// and sends each to the chip, to arrive at the time it happens. A replayed trace is the same process with its
/// events given.
final class FailureProcess: SimulationProcess {
    /// What it schedules at launch.
    private let draw: () -> [FailureEvent]
    /// The chip process.
    private let chip: ProcessID
    var id = ProcessID(index: 0)

    /// The process of `model`, drawing with `rng` in the space weather `space`.
    init(model: any FailureModel, scenario: Scenario, space: SpaceEnvironment, rng: Xoshiro256, chip: ProcessID) {
        var rng = rng
        draw = { model.failures(chip: scenario.chip, cores: scenario.cores, environment: space, rng: &rng) }
        self.chip = chip
    }

    /// The process that replays `events` in the order given.
    init(replaying events: [FailureEvent], chip: ProcessID) {
        draw = { events }
        self.chip = chip
    }

    /// Launch: schedule every failure for the chip.
    func resume(after event: Event<MissionSignal>, in environment: Environment<MissionSignal>) {
        for failure in draw() {
            environment.send(Message(sender: id, payload: .failure(failure)), to: chip, at: failure.time)
        }
    }
}

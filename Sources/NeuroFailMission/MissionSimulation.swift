import NeuroFailCore
import NeuroFailKernel

/// One mission run on the discrete-event kernel: an `Environment` whose clock is mission time (years since launch),
/// the run's space weather (solar cycle and storms, drawn once from the run's stream 0 and shared by every model),
/// and the processes that exchange ``MissionSignal``s:
///
/// - a ``FailureProcess`` per failure model (or one replaying a trace), scheduling its faults;
/// - the ``ChipProcess``, whose evaluator's components change condition as faults arrive;
/// - the ``MonitorProcess``, waking at checkpoints and after every change;
/// - the recovery processes of the scenario's ``RecoveryPlan``: a ``ScrubProcess`` (scrub period), a
///   ``PowerCycleProcess`` (power-cycle delay) and a ``SpareProcess`` (spares), each only if the plan has it.
///
/// At equal times, a change is observed before the next fault (the chip tells the monitor at urgent priority) and
/// every fault before the checkpoint (checkpoints are late).
final class MissionSimulation {
    /// The kernel.
    let environment = Environment<MissionSignal>()
    /// The run's space weather.
    let space: SpaceEnvironment
    let chip: ChipProcess
    let monitor: MonitorProcess

    /// Sets up run `run` of `runner`'s scenario; with `events`, those failures replace the models' (a replay).
    init(runner: MissionRunner, run: Int, events given: [FailureEvent]?, detailed: Bool) {
        let scenario = runner.scenario
        space = scenario.environment(run: run)
        let evaluator = runner.monitor.makeEvaluator()
        chip = ChipProcess(evaluator: evaluator, cores: scenario.cores, storage: scenario.weightStorage)
        let launch = Event<MissionSignal>(name: "launch")
        let search = runner.effort.search
        monitor = MonitorProcess(
            monitor: runner.monitor, evaluator: evaluator, checkpoints: runner.checkpoints,
            cheap: Monitor.Effort(method: detailed ? .linearRelaxation : runner.effort.method, search: false),
            searching: Monitor.Effort(method: .linearRelaxation, search: true),
            searchAfterFailures: detailed && (search == .failures || search == .all),
            searchAtEnd: (detailed && search == .final) || search == .all, launch: launch, schedule: scenario.schedule)
        chip.id = environment.register(chip)
        monitor.id = environment.register(monitor)
        chip.monitor = monitor.id
        let plan = scenario.recovery
        if let period = plan.scrubPeriodYears {
            let scrub = ScrubProcess(periodYears: period, durationYears: scenario.durationYears, chip: chip.id)
            scrub.id = environment.register(scrub)
            environment.wait(scrub.id, on: launch)
        }
        if let delay = plan.powerCycleYears {
            let cycle = PowerCycleProcess(delayYears: delay, durationYears: scenario.durationYears, chip: chip.id)
            cycle.id = environment.register(cycle)
            chip.powerCycle = cycle.id
        }
        if plan.hasSpares {
            let spares = SpareProcess(
                evaluator: evaluator, spares: plan.spares, delayYears: plan.spareDelayYears,
                durationYears: scenario.durationYears, chip: chip.id)
            spares.id = environment.register(spares)
            monitor.spares = spares.id
        }
        var failures = [FailureProcess]()
        if let given {
            failures.append(FailureProcess(replaying: given.filter { $0.time <= scenario.durationYears }, chip: chip.id))
        } else {
            for (i, model) in scenario.failures.enumerated() {
                failures.append(FailureProcess(
                    model: model, scenario: scenario, space: space, rng: scenario.generator(run: run, index: i + 1),
                    chip: chip.id))
            }
        }
        for process in failures {
            process.id = environment.register(process)
            environment.wait(process.id, on: launch)
        }
        environment.wait(monitor.id, on: launch)
        environment.schedule(launch, at: 0, priority: .urgent)
    }

    /// Flies the run to the end of the mission.
    func run(index: Int) -> MissionRun {
        environment.run()
        return MissionRun(run: index, failures: chip.failures, timeline: monitor.rows)
    }
}

import NeuroFailCore
import NeuroFailKernel

/// The monitor as a process of a mission: it wakes at every checkpoint and whenever the chip tells it of a change,
/// observes the chip through its evaluator (``Monitor/observe(_:effort:)-(any ChipEvaluator,_)``) and records a
/// ``TimelineRow``. The chip is observed again only when its condition changed; otherwise the row repeats the last
/// observation.
///
/// Effort: every observation gets `cheap`; with `searchAfterFailures`, an observation after a failure gets
/// `searching` instead; with `searchAtEnd`, the last checkpoint is observed with `searching` if no search has
/// covered the final condition yet (the bracket [found, certified] at the end).
///
/// With a spare process, it reports each neuron it newly sees dead (crashed or stuck) to it.
///
/// A transient upset changes no condition: its row repeats the observation and carries what the upset did to the
/// inference it hit (``Monitor/measure(upset:on:)``), measured on the same evaluator.
final class MonitorProcess: SimulationProcess {
    private let monitor: Monitor
    private let evaluator: any ChipEvaluator
    private let checkpoints: [Double]
    private let cheap: Monitor.Effort
    private let searching: Monitor.Effort
    private let searchAfterFailures: Bool
    private let searchAtEnd: Bool
    /// When to evaluate the chip.
    private let schedule: MonitorSchedule
    /// Whether the chip changed since the observation in force (only with ``MonitorSchedule/checkpoints``).
    private var stale = false
    /// The launch event: the first checkpoint is scheduled when it is processed.
    private let launch: Event<MissionSignal>
    var id = ProcessID(index: 0)
    /// The spare process, if the mission has spares.
    var spares: ProcessID?
    /// The neurons dead at the last observation.
    private var dead = Set<NeuronID>()
    /// The observation in force.
    private var current: Observation
    /// The next checkpoint to schedule.
    private var next = 0
    /// What the monitor recorded, in time order.
    private(set) var rows: [TimelineRow] = []

    init(
        monitor: Monitor, evaluator: any ChipEvaluator, checkpoints: [Double], cheap: Monitor.Effort,
        searching: Monitor.Effort, searchAfterFailures: Bool, searchAtEnd: Bool, launch: Event<MissionSignal>,
        schedule: MonitorSchedule = .changes
    ) {
        self.schedule = schedule
        self.monitor = monitor
        self.evaluator = evaluator
        self.checkpoints = checkpoints
        self.cheap = cheap
        self.searching = searching
        self.searchAfterFailures = searchAfterFailures
        self.searchAtEnd = searchAtEnd
        self.launch = launch
        current = monitor.observe(evaluator, effort: cheap)
    }

    /// A change of the chip: observe again if it changed, and record the row.
    func receive(_ message: Message<MissionSignal>, in environment: Environment<MissionSignal>) {
        guard case let .changed(cause, changed) = message.payload else { return }
        if changed {
            if schedule == .changes {
                var effort = cheap
                if case .failure = cause, searchAfterFailures { effort = searching }
                current = monitor.observe(evaluator, effort: effort)
            } else {
                stale = true
            }
            if let spares { report(to: spares, in: environment) }
        }
        var upset: Monitor.UpsetEffect?
        if case let .failure(event) = cause, event.kind == .transient {
            upset = monitor.measure(upset: event, on: evaluator)
        }
        record(environment.now, cause, upset: upset)
    }

    /// Tells the spare process of every neuron dead now that was not at the last observation.
    private func report(to spares: ProcessID, in environment: Environment<MissionSignal>) {
        let faults = evaluator.faults
        var now = Set<NeuronID>()
        for l in 0..<faults.neurons.count {
            for i in faults.neurons[l] { now.insert(NeuronID(layer: l + 1, index: i)) }
            for e in faults.stuck[l] { now.insert(NeuronID(layer: l + 1, index: e.index)) }
        }
        for n in now.subtracting(dead).sorted() {
            environment.send(Message(sender: id, payload: .dead(n)), to: spares, priority: .urgent)
        }
        dead = now
    }

    /// Launch, or a checkpoint: record the checkpoint row and schedule the next one, after everything else due at
    /// the same time.
    func resume(after event: Event<MissionSignal>, in environment: Environment<MissionSignal>) {
        if event !== launch {
            if stale {
                current = monitor.observe(evaluator, effort: cheap)
                stale = false
            }
            record(environment.now, .checkpoint)
            if next == checkpoints.count, searchAtEnd, current.foundDeviation == nil, !evaluator.faults.isEmpty {
                current = monitor.observe(evaluator, effort: searching)
                rows[rows.count - 1].observation = current
            }
        }
        guard next < checkpoints.count else { return }
        let checkpoint = environment.timeout(at: checkpoints[next], priority: .late, name: "checkpoint")
        next += 1
        environment.wait(id, on: checkpoint)
    }

    private func record(_ time: Double, _ cause: TimelineRow.Cause, upset: Monitor.UpsetEffect? = nil) {
        let faults = evaluator.faults
        rows.append(TimelineRow(
            time: time, cause: cause, neuronsFailed: zip(faults.neuronCounts, faults.stuckCounts).map { $0 + $1 },
            synapsesFailed: faults.synapseCounts,
            observation: current, upset: upset, observed: !stale))
    }
}

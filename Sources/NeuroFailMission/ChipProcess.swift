import NeuroFailCore
import NeuroFailKernel

/// The chip flown, as a process of a mission: failures and recoveries arrive as messages and change the condition
/// of the components they hit, in its ``NeuroFailCore/ChipEvaluator`` (the dense engine or the message-level
/// processes: this process does not care which); after each it tells the monitor, before anything else due at the
/// same time happens.
///
/// The condition is composed from what happened, so that a recovery undoes exactly its own fault:
/// - permanent failures (crashes, `stuck-at`, cores that latched up for good); a component fails permanently at most
///   once: a later failure of a component that already failed (a latch-up of a neuron worn out before) changes
///   nothing and is not recorded, as in the failure trace. A core is a component of its own: a neuron may fail alone
///   and later with its core;
/// - cores down in an outage (`core-outage`), until the power-cycle process restores them;
/// - weight memory as read: a bit flip (`seu`) flips one bit of the word as it reads now (so a second flip of the
///   same bit restores it), until a scrub rewrites every word;
/// - spares: a spared neuron works again, as the scheme behind the report's spare recommendation has it
///   (``SpareProvisioning/scheme``): the spare takes the neuron's connections (a crashed or flipped synapse into it
///   stays so: synapse failures are not repaired), it sits outside any core that is down or dead, and it is not
///   exposed again (a later failure of the position is not recorded).
///
/// A transient upset (`transient`) is recorded (it is in the trace) but changes no condition: it passes with the
/// inference it hits, which the monitor measures.
///
/// Each change of the composed condition reaches the evaluator as component changes (``NeuroFailCore/FaultSet/changes(from:to:on:)``):
/// nothing is rebuilt.
final class ChipProcess: SimulationProcess {
    /// The chip's condition and outputs.
    let evaluator: any ChipEvaluator
    private let cores: CoreMap
    private let storage: WeightStorage
    /// The monitor, told of every change.
    var monitor = ProcessID(index: 0)
    /// The power-cycle process, told of every outage (nil: outages last to the end of the mission).
    var powerCycle: ProcessID?
    var id = ProcessID(index: 0)
    /// Components that failed permanently.
    private var failed = Set<Component>()
    /// The permanent crashes and stuck neurons of single components.
    private var permanent: FaultSet
    /// Cores dead for good, and cores down until a power cycle.
    private var deadCores = Set<Int>() { didSet { coreCrashes = nil } }
    private var downCores = Set<Int>() { didSet { coreCrashes = nil } }
    /// Stored words that differ from the designed ones (flipped bits), with the weight they read.
    private var stored = [SynapseID: (word: UInt64, reads: Double)]()
    /// Neurons replaced by a spare.
    private var spared = Set<NeuronID>() { didSet { coreCrashes = nil } }
    /// What the cores dead or down crash, per layer, sorted (nil: to be worked out again): kept between changes,
    /// since re-deriving a core's thousands of synapses at every later fault dominated a mission's profile.
    private var coreCrashes: (neurons: [[Int]], synapses: [[Int]])?
    /// The failures that happened, in order (the run's trace).
    private(set) var failures: [FailureEvent] = []

    init(evaluator: any ChipEvaluator, cores: CoreMap, storage: WeightStorage) {
        self.evaluator = evaluator
        self.cores = cores
        self.storage = storage
        permanent = FaultSet(pristine: evaluator.chip)
    }

    func receive(_ message: Message<MissionSignal>, in environment: Environment<MissionSignal>) {
        let cause: TimelineRow.Cause
        switch message.payload {
        case let .failure(event):
            guard record(event) else { return }
            if event.kind == .transient {
                // It passes with the inference it hits: no condition changes (the monitor measures that inference).
                environment.send(
                    Message(sender: id, payload: .changed(.failure(event), changed: false)), to: monitor,
                    priority: .urgent)
                return
            }
            if case let .core(k) = event.component, event.kind == .coreOutage, let powerCycle {
                environment.send(Message(sender: id, payload: .outage(core: k)), to: powerCycle, priority: .urgent)
            }
            cause = .failure(event)
        case let .recovery(event):
            guard recover(event) else { return }
            cause = .recovery(event)
        default:
            return
        }
        let before = evaluator.faults
        let after = composed()
        for change in FaultSet.changes(from: before, to: after, on: evaluator.chip) { evaluator.apply(change) }
        environment.send(
            Message(sender: id, payload: .changed(cause, changed: evaluator.faults != before)), to: monitor,
            priority: .urgent)
    }

    /// Takes in a failure; false if it changes nothing and is not recorded.
    private func record(_ event: FailureEvent) -> Bool {
        let chip = evaluator.chip
        if case let .neuron(n) = event.component, spared.contains(n) { return false }
        if event.kind.isPermanent {
            guard failed.insert(event.component).inserted else { return false }
        } else if failed.contains(event.component) {
            return false
        }
        switch (event.kind, event.component) {
        case let (.coreOutage, .core(k)):
            guard !deadCores.contains(k), downCores.insert(k).inserted else { return false }
        case let (.bitFlip, .synapse(s)):
            guard let bit = event.value else { return false }
            let m = s.layer - 1
            let design = storage.word(of: chip.layer(s.layer).weight(target: s.target, source: s.source), matrix: m)
            let word = storage.flipping(bit: Int(bit), of: stored[s]?.word ?? design)
            stored[s] = word == design ? nil : (word, storage.value(ofWord: word, matrix: m))
        case (.transient, _):
            break
        case let (_, .core(k)):
            deadCores.insert(k)
        default:
            for change in event.changes(chip: chip, cores: cores) { permanent.apply(change, chip: chip) }
        }
        failures.append(event)
        return true
    }

    /// Takes in a recovery; false if there was nothing to recover.
    private func recover(_ event: RecoveryEvent) -> Bool {
        switch (event.kind, event.component) {
        case (.scrub, _):
            guard !stored.isEmpty else { return false }
            stored.removeAll()
        case let (.powerCycle, .core(k)?):
            guard downCores.remove(k) != nil else { return false }
        case let (.spare, .neuron(n)?):
            guard spared.insert(n).inserted else { return false }
            permanent.apply(.neuron(n, .alive), chip: evaluator.chip)
        default:
            return false
        }
        return true
    }

    /// The condition that everything so far leaves the chip in: the permanent faults, the crashes of the cores dead
    /// or down (their neurons, unless spared, and the synapses into those), the flipped words.
    private func composed() -> FaultSet {
        let chip = evaluator.chip
        var faults = permanent
        let crashes = coreCrashes ?? crashesOfCores()
        coreCrashes = crashes
        for (l, indices) in crashes.neurons.enumerated() { faults.crash(neurons: indices, inLayer: l + 1) }
        for (l, numbers) in crashes.synapses.enumerated() { faults.crash(synapses: numbers, intoLayer: l + 1) }
        for (s, w) in stored { faults.apply(.weight(s, w.reads), chip: chip) }
        return faults
    }

    /// What the cores dead or down crash, per layer, sorted and duplicate-free.
    private func crashesOfCores() -> (neurons: [[Int]], synapses: [[Int]]) {
        let chip = evaluator.chip
        var neurons = [[Int]](repeating: [], count: chip.depth), synapses = [[Int]](repeating: [], count: chip.depth + 1)
        for k in deadCores.union(downCores) {
            for component in cores.components(ofCore: k, chip: chip) {
                switch component {
                case let .neuron(n) where !spared.contains(n): neurons[n.layer - 1].append(n.index)
                case let .synapse(s) where !spared.contains(NeuronID(layer: s.layer, index: s.target)):
                    if let flat = chip.synapseIndex(s) { synapses[s.layer - 1].append(flat) }
                default: break
                }
            }
        }
        // A neuron is on one core at most, but keep the lists a set whatever the map.
        return (neurons.map { Array(Set($0)).sorted() }, synapses.map { Array(Set($0)).sorted() })
    }
}

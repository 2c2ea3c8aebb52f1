/// A synapse as a process: a channel that delivers weight × value to its target neuron, in the same round.
///
/// A crashed synapse delivers nothing.
final class SynapseProcess: SimulationProcess {
    /// w: the weight.
    let weight: Double
    /// The neuron it feeds.
    let target: ProcessID
    var state = ComponentState.alive
    /// Set once registered.
    var id = ProcessID(index: 0)

    init(weight: Double, target: ProcessID) {
        self.weight = weight
        self.target = target
    }

    func receive(_ message: Message<Double>, in environment: Environment<Double>) {
        let w: Double
        switch state {
        case .alive: w = weight
        case .crashed: return
        case .stuckAt(let v), .transient(let v): w = v
        }
        environment.send(Message(sender: id, port: message.port, value: w * message.value), to: target)
    }
}

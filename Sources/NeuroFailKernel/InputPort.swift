/// A chip input x_j as a process: at the close of round 0 it sends its value on each of its synapses into layer 1.
///
/// Input ports are the network's clients, not part of it (paper Fig. 1): they do not fail.
final class InputPort: SimulationProcess {
    /// j: the input's index, sent as the message port.
    let index: Int
    /// The value presented for the current inference.
    var value: Double = 0
    /// Set once registered.
    var id = ProcessID(index: 0)
    /// The synapses from this input into layer 1, in target order.
    var outgoing: [ProcessID] = []

    init(index: Int) {
        self.index = index
    }

    func resume(after event: Event<Double>, in environment: Environment<Double>) {
        let message = Message(sender: id, port: index, value: value)
        for synapse in outgoing { environment.send(message, to: synapse, delay: 1) }
    }
}

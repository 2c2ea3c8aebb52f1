import NeuroFailCore

/// A neuron as a process: it adds up what its synapses deliver during a round, and when the round closes it fires
/// once, computing y = φ(Σ + b) (y = Σ + b for the linear readout) and sending y on each outgoing synapse for the
/// next round.
///
/// A missing message adds nothing, so it counts as 0. A crashed neuron drops what it receives and sends nothing.
final class NeuronProcess: SimulationProcess {
    /// l: 1...L hidden, L+1 readout.
    let layer: Int
    /// The index within the layer, sent as the message port.
    let index: Int
    let bias: Double
    /// φ, or `nil` for the readout.
    let activation: Activation?
    var state = ComponentState.alive
    /// Set once registered.
    var id = ProcessID(index: 0)
    /// The synapses to the next layer, in target order (empty for the readout).
    var outgoing: [ProcessID] = []
    /// Σ of what arrived this round.
    private var sum: Double = 0
    /// The value sent at the last firing (0 if crashed): the readout's output.
    private(set) var output: Double = 0
    /// Messages delivered to this neuron since the counter was last read.
    var received = 0

    init(layer: Int, index: Int, bias: Double, activation: Activation?) {
        self.layer = layer
        self.index = index
        self.bias = bias
        self.activation = activation
    }

    func receive(_ message: Message<Double>, in environment: Environment<Double>) {
        received += 1
        guard state != .crashed else { return }
        sum += message.value
    }

    /// The round has closed: fire.
    func resume(after event: Event<Double>, in environment: Environment<Double>) {
        let s = sum + bias
        sum = 0
        switch state {
        case .crashed:
            output = 0
            return
        case .alive: output = activation.map { $0(s) } ?? s
        case .stuckAt(let v), .transient(let v): output = v
        }
        let message = Message(sender: id, port: index, value: output)
        for synapse in outgoing { environment.send(message, to: synapse, delay: 1) }
    }
}

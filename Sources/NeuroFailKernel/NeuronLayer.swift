import NeuroFailCore

/// The neurons of one layer as processes stored side by side (struct-of-arrays): neuron i is index i of every array,
/// with its own state, bias, running sum Σ and last output y. The layer as a whole is one process of the
/// ``Environment``: when the event closing its round is processed, every neuron fires once, in index order, and the
/// layer sends what fired to the synapses it feeds as one batch, due in the next round (a ``SynapseLayer`` waits on
/// it).
///
/// A neuron fires y = φ(Σ + b) (the readout, layer L+1, is linear: y = Σ + b); a crashed one sends nothing (its
/// receivers count 0) and reads y = 0; a stuck or upset one sends its value whatever it received. Layer 0 is the
/// chip's inputs x₁...x_d, the ports: they send what ``present(_:)`` gave them, and do not fail.
final class NeuronLayer: SimulationProcess {
    /// l: 0 for the inputs, 1...L hidden, L+1 the readout.
    let layer: Int
    /// b per neuron (zeros for the inputs, which add none).
    let bias: [Double]
    /// φ, or nil for the readout and the inputs.
    let activation: Activation?
    /// Each neuron's condition (the inputs' and the readout's stay alive: the chip's fault API does not reach them).
    var states: [ComponentState]
    /// Σ per neuron of what synapses delivered this round (for the inputs: the values presented).
    var sums: [Double]
    /// y per neuron at the last firing (0 if crashed): what the synapses out of the layer carry.
    private(set) var outputs: [Double]
    /// Whether neuron i sent at the last firing (false: crashed).
    private(set) var sent: [Bool]
    /// How many times the layer has fired: the round-closing events it processed.
    private(set) var firings = 0
    /// Set once registered.
    var id = ProcessID(index: 0)
    /// The synapses this layer feeds (nil for the readout).
    var outgoing: ProcessID?
    /// The name of the batch event, made once.
    private let batchName: String

    /// The neurons of chip layer `layer` (1...L+1), all alive.
    init(layer: Int, bias: [Double], activation: Activation?) {
        self.layer = layer
        self.bias = bias
        self.activation = activation
        states = Array(repeating: .alive, count: bias.count)
        sums = Array(repeating: 0, count: bias.count)
        outputs = sums
        sent = Array(repeating: false, count: bias.count)
        batchName = "messages of layer \(layer)"
    }

    /// The chip's `count` input ports (layer 0).
    convenience init(inputs count: Int) {
        self.init(layer: 0, bias: Array(repeating: 0, count: count), activation: nil)
    }

    /// The number of neurons (or ports).
    var count: Int { bias.count }

    /// Gives the input ports the values to send when round 0 closes. Precondition: layer 0, `count` values.
    func present(_ values: some Collection<Double>) {
        precondition(layer == 0 && values.count == count, "only the \(count) input ports are presented values")
        for (i, x) in zip(sums.indices, values) { sums[i] = x }
    }

    /// The round has closed: every neuron fires, and the layer sends its batch for the next round.
    func resume(after event: Event<Double>, in environment: Environment<Double>) {
        fire()
        firings += 1
        if let outgoing { environment.wait(outgoing, on: environment.timeout(1, priority: .normal, name: batchName)) }
    }

    /// Every neuron fires once, in index order, and starts the next round with Σ = 0.
    func fire() {
        guard layer > 0 else {
            // The ports send x as presented (no bias added: x + 0 would turn −0 into +0).
            for i in sums.indices {
                outputs[i] = sums[i]
                sent[i] = true
            }
            return
        }
        for i in sums.indices {
            let s = sums[i] + bias[i]
            sums[i] = 0
            switch states[i] {
            case .crashed:
                outputs[i] = 0
                sent[i] = false
            case .alive:
                outputs[i] = activation.map { $0(s) } ?? s
                sent[i] = true
            case .stuckAt(let v), .transient(let v):
                outputs[i] = v
                sent[i] = true
            }
        }
    }
}

import NeuroFailCore

/// A chip as the paper's distributed system (section II-A): its inputs, neurons and synapses are processes of one
/// ``Environment``, and an inference is a series of synchronous rounds of messages.
///
/// With L hidden layers, an inference that starts at time t₀ runs rounds 0...L+1. Round l takes place at
/// time t₀ + l:
/// 1. at ``Priority/normal``, the values fired at the close of round l−1 reach the synapses into layer l
///    (round 1: the chip inputs), and each synapse passes weight × value on to its target neuron at once;
/// 2. at ``Priority/late``, after every message of the round, one event closes the round: each neuron of layer l
///    fires once, sums what arrived plus its bias (a missing message counts 0), applies φ (the readout,
///    layer L+1, is linear) and sends the result on its outgoing synapses, to arrive in round l+1.
///
/// Round 0 has no messages: its closing event makes the input ports send x. A crashed neuron sends nothing; a
/// crashed synapse delivers nothing (paper Def. 2 and footnote 8: transmission is synchronous, so a missing
/// message is known to be missing when the round closes).
///
/// **Batched messages.** The processes of a layer are stored side by side, a neuron or a synapse being an index into
/// its layer's arrays with its own state (`NeuronLayer`, `SynapseLayer`), and the messages of a round travel as
/// one batch: the layer that fires sends one queue entry, due in the next round, and when it is processed the
/// synapses it feeds deliver every message of the round, source by source, into their targets' running sums. Each
/// neuron adds the same terms in the same order as when every message was its own queue entry
/// (`PerMessageNetwork`, which the tests hold it equal to, bit for bit and count for count), so nothing of the
/// semantics changes; the queue processes 2L + 3 entries per inference instead of one per message.
///
/// This is the literal, reference semantics of a chip under faults: the fast engine must compute the same
/// outputs. Not `Sendable`: use one network per thread.
public final class ChipNetwork {
    /// The chip simulated.
    public let chip: Chip
    /// The simulation that carries the messages.
    let environment = Environment<Double>()
    /// x_1...x_d: layer 0.
    let ports: NeuronLayer
    /// `neurons[l - 1]`: layer l, 1...L+1 (the readout last).
    let neurons: [NeuronLayer]
    /// `synapses[l - 1]`: the synapses into layer l, 1...L+1.
    let synapses: [SynapseLayer]
    /// `roundNames[l]`: the name of the event closing round l, made once.
    private let roundNames: [String]
    /// Neurons in a ``ComponentState/transient(_:)`` state, to restore after the next inference.
    var upsetNeurons: [NeuronID] = []
    /// Synapses in a ``ComponentState/transient(_:)`` state (layer 1...L+1, number), to restore after the next
    /// inference.
    var upsetSynapses: [(layer: Int, number: Int)] = []

    /// How many inferences have run.
    public private(set) var inferenceCount = 0

    /// A network for `chip`, every component alive.
    public init(chip: Chip) {
        self.chip = chip
        ports = NeuronLayer(inputs: chip.inputCount)
        var neurons = [NeuronLayer]()
        var synapses = [SynapseLayer]()
        var source = ports
        for (offset, layer) in chip.allLayers.enumerated() {
            let cells = NeuronLayer(layer: offset + 1, bias: layer.bias, activation: layer.activation)
            synapses.append(SynapseLayer(layer: offset + 1, design: layer, source: source, target: cells))
            neurons.append(cells)
            source = cells
        }
        self.neurons = neurons
        self.synapses = synapses
        roundNames = (0...neurons.count).map { "close of round \($0)" }
        ports.id = environment.register(ports)
        for cells in neurons { cells.id = environment.register(cells) }
        for (offset, links) in synapses.enumerated() {
            links.id = environment.register(links)
            (offset == 0 ? ports : neurons[offset - 1]).outgoing = links.id
        }
    }

    /// The simulated time (each inference takes L+1 time units).
    public var now: Double { environment.now }
    /// How many messages synapses have delivered to neurons (the synaptic events of the chip): one per synapse that
    /// delivered, per inference.
    public var synapticMessagesDelivered: Int { synapses.reduce(0) { $0 + $1.deliveredCount } }
    /// How many messages have been delivered, both hops counted: neuron (or input) to synapse, synapse to neuron.
    public var messagesDelivered: Int { synapses.reduce(0) { $0 + $1.sentCount + $1.deliveredCount } }
    /// How many events the rounds have seen: every message delivered, plus the round-closing events. This is what a
    /// queue with one entry per message processes (`PerMessageNetwork` does, and counts the same);
    /// ``queueEntriesProcessed`` is what this network's queue processed.
    public var eventsProcessed: Int { messagesDelivered + ([ports] + neurons).reduce(0) { $0 + $1.firings } }
    /// How many queue entries have been processed: per inference, L + 2 round-closing events and L + 1 batches of
    /// messages.
    public var queueEntriesProcessed: Int { environment.eventsProcessed }

    /// Runs one inference as rounds of messages and returns the M readout values.
    ///
    /// - Throws: ``KernelError/inputDimension(expected:got:)`` if `input` does not have d values.
    public func infer(_ input: [Double]) throws(KernelError) -> [Double] {
        guard input.count == chip.inputCount else {
            throw .inputDimension(expected: chip.inputCount, got: input.count)
        }
        ports.present(input)
        runRounds()
        return neurons[chip.depth].outputs
    }

    /// Runs one inference per row of `batch`, in order, and returns the outputs row-major (`count × M`).
    ///
    /// - Throws: ``KernelError/inputDimension(expected:got:)`` if the rows do not have d values.
    public func infer(_ batch: InputBatch) throws(KernelError) -> [Double] {
        guard batch.dimension == chip.inputCount else {
            throw .inputDimension(expected: chip.inputCount, got: batch.dimension)
        }
        var outputs = [Double]()
        outputs.reserveCapacity(batch.count * chip.outputCount)
        let readout = neurons[chip.depth]
        for row in 0..<batch.count {
            ports.present(batch.row(row))
            runRounds()
            outputs.append(contentsOf: readout.outputs)
        }
        return outputs
    }

    /// Schedules the closing event of every round, runs the environment until the queue is empty (the layers
    /// schedule their batches as they fire), and ends transient upsets.
    private func runRounds() {
        for (round, name) in roundNames.enumerated() {
            let close = environment.timeout(Double(round), priority: .late, name: name)
            environment.wait(round == 0 ? ports.id : neurons[round - 1].id, on: close)
        }
        environment.run()
        inferenceCount += 1
        endTransientUpsets()
    }
}

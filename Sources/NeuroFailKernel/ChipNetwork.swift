import NeuroFailCore

/// A chip as the paper's distributed system (section II-A): every input, neuron and synapse is a process of one
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
/// This is the literal, reference semantics of a chip under faults: the fast engine must compute the same
/// outputs. Not `Sendable`: use one network per thread.
public final class ChipNetwork {
    /// The chip simulated.
    public let chip: Chip
    /// The simulation that carries the messages.
    let environment = Environment<Double>()
    /// x_1...x_d.
    let ports: [InputPort]
    /// `neurons[l - 1]`: layer l, 1...L+1 (the readout last).
    let neurons: [[NeuronProcess]]
    /// `synapses[l - 1][index]`: the synapses into layer l, 1...L+1, in the layer's synapse numbering
    /// (`target * inputs + source` for a dense layer).
    let synapses: [[SynapseProcess]]
    /// `roundParticipants[l]`: the processes that act when round l closes (the input ports for l = 0).
    private let roundParticipants: [[ProcessID]]
    /// `roundNames[l]`: the name of the event closing round l, made once.
    private let roundNames: [String]
    /// Components in a ``ComponentState/transient(_:)`` state, to restore after the next inference.
    var upsetNeurons: [NeuronProcess] = []
    /// Synapses in a ``ComponentState/transient(_:)`` state, to restore after the next inference.
    var upsetSynapses: [SynapseProcess] = []

    /// How many inferences have run.
    public private(set) var inferenceCount = 0
    /// How many messages synapses have delivered to neurons (the synaptic events of the chip).
    public private(set) var synapticMessagesDelivered = 0

    /// A network for `chip`, every component alive.
    public init(chip: Chip) {
        self.chip = chip
        let env = environment
        ports = (0..<chip.inputCount).map { InputPort(index: $0) }
        for port in ports { port.id = env.register(port) }
        var senders: [[ProcessID]] = [ports.map(\.id)]
        var neurons = [[NeuronProcess]]()
        var synapses = [[SynapseProcess]]()
        for (offset, layer) in chip.allLayers.enumerated() {
            let cells = (0..<layer.outputs).map {
                NeuronProcess(layer: offset + 1, index: $0, bias: layer.bias[$0], activation: layer.activation)
            }
            for cell in cells { cell.id = env.register(cell) }
            // Target-major, so that each sender's outgoing list, and thus its sends, run in target order; and in the
            // layer's synapse numbering (sources ascending per target), so `links[index]` is synapse `index`. A
            // convolution has a process per kernel connection only (padding taps are not synapses), each with the
            // weight of its kernel tap.
            var links = [SynapseProcess]()
            links.reserveCapacity(layer.synapseCount)
            for target in 0..<layer.outputs {
                for synapse in layer.incoming(target) {
                    let link = SynapseProcess(weight: synapse.weight, target: cells[target].id)
                    link.id = env.register(link)
                    links.append(link)
                    if offset == 0 {
                        ports[synapse.source].outgoing.append(link.id)
                    } else {
                        neurons[offset - 1][synapse.source].outgoing.append(link.id)
                    }
                }
            }
            neurons.append(cells)
            synapses.append(links)
            senders.append(cells.map(\.id))
        }
        self.neurons = neurons
        self.synapses = synapses
        roundParticipants = senders
        roundNames = senders.indices.map { "close of round \($0)" }
    }

    /// The simulated time (each inference takes L+1 time units).
    public var now: Double { environment.now }
    /// How many messages have been delivered, both hops counted: neuron (or input) to synapse, synapse to neuron.
    public var messagesDelivered: Int { environment.messagesDelivered }
    /// How many queue entries (messages and round-closing events) have been processed.
    public var eventsProcessed: Int { environment.eventsProcessed }

    /// Runs one inference as rounds of messages and returns the M readout values.
    ///
    /// - Throws: ``KernelError/inputDimension(expected:got:)`` if `input` does not have d values.
    public func infer(_ input: [Double]) throws(KernelError) -> [Double] {
        guard input.count == chip.inputCount else {
            throw .inputDimension(expected: chip.inputCount, got: input.count)
        }
        for (port, x) in zip(ports, input) { port.value = x }
        runRounds()
        return neurons[chip.depth].map(\.output)
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
            for (j, port) in ports.enumerated() { port.value = batch.values[row * batch.dimension + j] }
            runRounds()
            for cell in readout { outputs.append(cell.output) }
        }
        return outputs
    }

    /// Schedules the closing event of every round, runs the environment until the queue is empty, and ends
    /// transient upsets.
    private func runRounds() {
        for (round, participants) in roundParticipants.enumerated() {
            let close = environment.timeout(Double(round), priority: .late, name: roundNames[round])
            for id in participants { environment.wait(id, on: close) }
        }
        environment.run()
        inferenceCount += 1
        for layer in neurons {
            for cell in layer {
                synapticMessagesDelivered += cell.received
                cell.received = 0
            }
        }
        endTransientUpsets()
    }
}

import NeuroFailCore

/// The chip as the paper's distributed system written as literally as it can be: an object per input port, neuron
/// and synapse (``InputPort``, ``NeuronProcess``, ``SynapseProcess``), and every value one ``Message`` through the
/// ``Environment``'s queue, one queue entry per message.
///
/// The rounds are ``ChipNetwork``'s (see there): round l at time t₀ + l; at ``Priority/normal`` the values fired at
/// the close of round l−1 reach the synapses into layer l, each of which passes weight × value on to its target at
/// once; at ``Priority/late`` one event closes the round and every neuron of layer l fires once. A crashed neuron
/// sends nothing; a crashed synapse delivers nothing.
///
/// This is the definition ``ChipNetwork`` batches: the tests hold the two to the same output bits and the same
/// message counts on random chips in every component state. 24 to 130 times slower (Docs/performance.md); not used
/// by the product.
final class PerMessageNetwork {
    /// The chip simulated.
    let chip: Chip
    /// The simulation that carries the messages.
    let environment = Environment<Double>()
    /// x_1...x_d.
    let ports: [InputPort]
    /// `neurons[l - 1]`: layer l, 1...L+1 (the readout last).
    let neurons: [[NeuronProcess]]
    /// `synapses[l - 1][number]`: the synapses into layer l, 1...L+1, in the layer's synapse numbering.
    let synapses: [[SynapseProcess]]
    /// `roundParticipants[l]`: the processes that act when round l closes (the input ports for l = 0).
    private let roundParticipants: [[ProcessID]]
    /// `roundNames[l]`: the name of the event closing round l, made once.
    private let roundNames: [String]
    /// Components in a ``ComponentState/transient(_:)`` state, to restore after the next inference.
    private var upsetNeurons: [NeuronProcess] = []
    private var upsetSynapses: [SynapseProcess] = []

    /// How many messages synapses have delivered to neurons.
    private(set) var synapticMessagesDelivered = 0

    /// A network for `chip`, every component alive.
    init(chip: Chip) {
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
            // layer's synapse numbering (sources ascending per target), so `links[number]` is synapse `number`. A
            // convolution has a process per kernel connection only (padding taps are not synapses).
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

    /// How many messages have been delivered, both hops counted.
    var messagesDelivered: Int { environment.messagesDelivered }
    /// How many queue entries (one per message, one per round-closing event) have been processed.
    var eventsProcessed: Int { environment.eventsProcessed }

    /// Puts hidden neuron `index` of layer `layer` (1...L) in `state`; a transient state lasts one inference.
    /// Precondition: the neuron exists.
    func setState(_ state: ComponentState, ofNeuron index: Int, layer: Int) {
        precondition((1...chip.depth).contains(layer), "hidden layers are 1...\(chip.depth)")
        let cell = neurons[layer - 1][index]
        cell.state = state
        if case .transient = state { upsetNeurons.append(cell) }
    }

    /// Puts synapse `number` (the layer's numbering) into layer `layer` (1...L+1) in `state`; a transient state
    /// lasts one inference. Precondition: the synapse exists.
    func setState(_ state: ComponentState, ofSynapse number: Int, layer: Int) {
        let link = synapses[layer - 1][number]
        link.state = state
        if case .transient = state { upsetSynapses.append(link) }
    }

    /// Runs one inference per row of `batch` and returns the outputs row-major (`count × M`).
    /// Precondition: `batch.dimension == chip.inputCount`.
    func infer(_ batch: InputBatch) -> [Double] {
        precondition(batch.dimension == chip.inputCount, "inputs of another dimension")
        var outputs = [Double]()
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
        for layer in neurons {
            for cell in layer {
                synapticMessagesDelivered += cell.received
                cell.received = 0
            }
        }
        for cell in upsetNeurons { if case .transient = cell.state { cell.state = .alive } }
        for link in upsetSynapses { if case .transient = link.state { link.state = .alive } }
        upsetNeurons.removeAll(keepingCapacity: true)
        upsetSynapses.removeAll(keepingCapacity: true)
    }
}

import NeuroFailCore

/// The synapses into one layer as processes stored side by side, in the order their messages travel: row s holds the
/// synapses out of source unit s (neuron of the previous layer, or chip input), targets ascending (compressed sparse
/// rows by source). Synapse k is slot k of every array: the weight it delivers with and whether it delivers at all.
/// The layer as a whole is one process of the ``Environment``: when the batch its source layer sent is due (the event
/// ``NeuronLayer`` schedules when it fires), every synapse carrying a message delivers weight × value to its target's
/// running sum, source by source in index order.
///
/// That is the order in which ``PerMessageNetwork``'s synapse processes deliver their messages one queue entry at a
/// time (the senders fire in index order and send in target order), so each neuron adds the same terms in the same
/// order, source ascending, as a dense row-times-vector product: the same bits.
///
/// A crashed synapse delivers nothing; a stuck or upset one delivers with its replaced weight. Faults change a slot's
/// state in place (``setState(_:ofSynapse:)``): nothing is rebuilt. The layer's synapse numbering (target-major,
/// ``NeuroFailCore/Layer``) names synapses to the outside; ``slot(ofSynapse:)`` maps it to the row order.
final class SynapseLayer: SimulationProcess {
    /// l: the synapses into layer l, 1...L+1.
    let layer: Int
    /// The chip layer these synapses belong to (its designed weights).
    let design: Layer
    /// The units that send on these synapses (the previous layer, or the input ports).
    let source: NeuronLayer
    /// The neurons they feed.
    let target: NeuronLayer
    /// Row s is slots `rowStart[s]..<rowStart[s + 1]`.
    private let rowStart: [Int]
    /// The target of each slot; empty for a dense layer, whose every row reaches targets 0..<N_l in order.
    private let targets: [Int32]
    /// The slot of each synapse number; empty for a dense layer (slot of j → i is j · N_l + i).
    private let slots: [Int32]
    /// The weight each slot delivers with: the designed weight, or a stuck or upset one.
    private var weights: [Double]
    /// Whether each slot delivers (false: crashed).
    private var delivers: [Bool]
    /// How many crashed synapses each row holds: a row without any takes the loop without a check per synapse.
    private var crashedInRow: [Int]
    /// The synapses not alive, by number (absent: alive).
    private(set) var abnormal: [Int: ComponentState] = [:]
    /// Messages sent on these synapses by units that fired, and messages they delivered, since the start.
    private(set) var sentCount = 0, deliveredCount = 0
    /// How many batches the layer has delivered.
    private(set) var batches = 0
    /// Set once registered.
    var id = ProcessID(index: 0)

    /// The synapses of `design`, into layer `layer`, from `source` to `target`, every one alive.
    init(layer: Int, design: Layer, source: NeuronLayer, target: NeuronLayer) {
        precondition(source.count == design.inputs && target.count == design.outputs, "layers of another shape")
        self.layer = layer
        self.design = design
        self.source = source
        self.target = target
        let (inputs, outputs) = (design.inputs, design.outputs)
        if design.isDense {
            rowStart = (0...inputs).map { $0 * outputs }
            targets = []
            slots = []
            // Transposed from the target-major matrix.
            var weights = [Double](repeating: 0, count: inputs * outputs)
            for i in 0..<outputs {
                for j in 0..<inputs { weights[j * outputs + i] = design.weights[i * inputs + j] }
            }
            self.weights = weights
        } else {
            // Two passes over the synapses, without a list per neuron (at 10⁸ synapses those lists alone would be
            // gigabytes of temporaries): count each row, then fill it.
            var rowStart = [Int](repeating: 0, count: inputs + 1)
            for i in 0..<outputs { design.forEachIncoming(i) { source, _, _ in rowStart[source + 1] += 1 } }
            for j in 0..<inputs { rowStart[j + 1] += rowStart[j] }
            var next = rowStart
            var targets = [Int32](repeating: 0, count: design.synapseCount)
            var slots = [Int32](repeating: 0, count: design.synapseCount)
            var weights = [Double](repeating: 0, count: design.synapseCount)
            // Targets ascending, so each row fills in target order.
            for i in 0..<outputs {
                design.forEachIncoming(i) { source, weight, index in
                    let k = next[source]
                    next[source] += 1
                    targets[k] = Int32(i)
                    slots[index] = Int32(k)
                    weights[k] = weight
                }
            }
            self.rowStart = rowStart
            self.targets = targets
            self.slots = slots
            self.weights = weights
        }
        delivers = Array(repeating: true, count: design.synapseCount)
        crashedInRow = Array(repeating: 0, count: inputs)
    }

    /// The number of synapses.
    var count: Int { delivers.count }

    /// The slot (row order) of synapse `number` (the layer's numbering). Precondition: in range.
    func slot(ofSynapse number: Int) -> Int {
        guard design.isDense else { return Int(slots[number]) }
        let (i, j) = number.quotientAndRemainder(dividingBy: design.inputs)
        return j * design.outputs + i
    }

    /// The state of synapse `number`.
    func state(ofSynapse number: Int) -> ComponentState { abnormal[number] ?? .alive }

    /// Puts synapse `number` in `state`, in place. Precondition: in range.
    func setState(_ state: ComponentState, ofSynapse number: Int) {
        let k = slot(ofSynapse: number)
        let row = design.synapse(at: number).source
        if !delivers[k] { crashedInRow[row] -= 1 }
        switch state {
        case .alive:
            weights[k] = design.weight(ofSynapse: number)
            delivers[k] = true
        case .crashed:
            weights[k] = design.weight(ofSynapse: number)
            delivers[k] = false
            crashedInRow[row] += 1
        case .stuckAt(let v), .transient(let v):
            weights[k] = v
            delivers[k] = true
        }
        abnormal[number] = state == .alive ? nil : state
    }

    /// The batch is due: deliver it.
    func resume(after event: Event<Double>, in environment: Environment<Double>) {
        deliver()
    }

    /// Every synapse out of a unit that sent at its last firing delivers weight × value to its target's sum, rows in
    /// source order, each row in target order.
    func deliver() {
        var sent = 0, silent = 0
        let dense = design.isDense
        let values = source.outputs, fired = source.sent
        // The hot loop runs on raw pointers: no bounds check, exclusivity check or reference counting per message.
        // Every index is in range by construction: rows are `rowStart[s]..<rowStart[s + 1]` ⊂ 0..<count, a dense row
        // holds exactly N_l slots (one per target), and `targets` holds indices < N_l. (Buffer subscripts still check
        // their bounds in debug builds, so the tests run every index through a check; `addScaled` is checked by the
        // per-message network's equality, PerMessageNetworkTests.)
        target.sums.withUnsafeMutableBufferPointer { sums in
            weights.withUnsafeBufferPointer { w in
                guard let w0 = w.baseAddress, let sums0 = sums.baseAddress else { return }  // no synapse, no target
                delivers.withUnsafeBufferPointer { delivers in
                    targets.withUnsafeBufferPointer { targets in
                        for s in values.indices where fired[s] {
                            let (lo, hi, y) = (rowStart[s], rowStart[s + 1], values[s])
                            sent += hi - lo
                            if crashedInRow[s] == 0 {
                                if dense {
                                    Self.addScaled(y, w0 + lo, into: sums0, count: hi - lo)
                                } else {
                                    for k in lo..<hi { sums[Int(targets[k])] += w[k] * y }
                                }
                            } else {
                                silent += crashedInRow[s]
                                for k in lo..<hi where delivers[k] {
                                    sums[dense ? k - lo : Int(targets[k])] += w[k] * y
                                }
                            }
                        }
                    }
                }
            }
        }
        sentCount += sent
        deliveredCount += sent - silent
        batches += 1
    }

    /// `sums[i] += weights[i] × value` for i in 0..<count: one unit's messages to consecutive targets, as separate
    /// multiply and add (no fused multiply-add: the bits of the one-message-at-a-time sum). The loop vectorises.
    @inline(__always)
    private static func addScaled(
        _ value: Double, _ weights: UnsafePointer<Double>, into sums: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { sums[i] += weights[i] * value }
    }
}

import NeuroFailCore

/// The components a ``ComponentSelection`` picks on a chip, in ``Component`` order (neurons by layer and index, then
/// synapses by weight matrix and synapse number), computed on demand rather than stored: a chip the size of Loihi
/// has 10⁸ synapses, whose list would take gigabytes for models that only walk it once or draw from it.
///
/// Element `i` costs O(log layers), plus O(log fan-in) for a synapse of a sparse layer.
public struct ComponentList: RandomAccessCollection, Sendable {
    /// The chip the components belong to.
    let chip: Chip
    /// The selected neuron layers (1...L) and synapse matrices (1...L+1), each with where its components start.
    private let blocks: [(neurons: Bool, layer: Int, start: Int)]
    /// The number of components.
    public let endIndex: Int
    public var startIndex: Int { 0 }

    init(_ selection: ComponentSelection, chip: Chip) {
        self.chip = chip
        var blocks = [(neurons: Bool, layer: Int, start: Int)]()
        var count = 0
        if selection.neurons {
            for (l, width) in chip.widths.enumerated() where selection.layers?.contains(l + 1) ?? true && width > 0 {
                blocks.append((true, l + 1, count))
                count += width
            }
        }
        if selection.synapses {
            for l in 1...(chip.depth + 1) where selection.layers?.contains(l) ?? true {
                let n = chip.layer(l).synapseCount
                guard n > 0 else { continue }
                blocks.append((false, l, count))
                count += n
            }
        }
        self.blocks = blocks
        endIndex = count
    }

    /// Component number `i`. Precondition: `0 <= i < count`.
    public subscript(i: Int) -> Component {
        precondition(i >= 0 && i < endIndex, "component \(i) out of range 0..<\(endIndex)")
        var lo = 0, hi = blocks.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if blocks[mid].start <= i { lo = mid } else { hi = mid - 1 }
        }
        let block = blocks[lo]
        let k = i - block.start
        return block.neurons
            ? .neuron(NeuronID(layer: block.layer, index: k)) : .synapse(chip.synapse(layer: block.layer, index: k))
    }
}

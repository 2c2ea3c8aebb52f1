import NeuroFailCore

/// The plain forward pass of Fixtures.swift's `forward` with the fault set turned into masks once (the property tests
/// evaluate one fault set on tens of inputs, tens of thousands of times): a crashed neuron outputs 0, a crashed synapse
/// delivers nothing. Dense layers only (it indexes `weights` as a matrix): `randomChip`'s chips, or a CNN's
/// textbook dense expansion (`ConvolutionalChips.denseEquivalent`, with `denseFaults`).
struct PlainChip {
    let layers: [Layer]
    let alive: [[Bool]]
    let dead: [[Bool]]

    init(_ chip: Chip, _ faults: FaultSet) {
        precondition(chip.allLayers.allSatisfy(\.isDense), "PlainChip reads dense layers only")
        layers = chip.allLayers
        alive = layers.enumerated().map { l, layer in
            var a = [Bool](repeating: true, count: layer.synapseCount)
            for flat in faults.synapses[l] { a[flat] = false }
            return a
        }
        dead = chip.widths.enumerated().map { l, n in
            var d = [Bool](repeating: false, count: n)
            for i in faults.neurons[l] { d[i] = true }
            return d
        }
    }

    func callAsFunction(_ x: [Double]) -> [Double] {
        var y = x
        for (index, layer) in layers.enumerated() {
            var next = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var s = layer.bias[i]
                for j in 0..<layer.inputs where alive[index][i * layer.inputs + j] { s += layer.weights[i * layer.inputs + j] * y[j] }
                if let activation = layer.activation {
                    next[i] = dead[index][i] ? 0 : activation(s)
                } else {
                    next[i] = s
                }
            }
            y = next
        }
        return y
    }
}

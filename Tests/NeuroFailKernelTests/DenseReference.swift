import NeuroFailCore
import NeuroFailKernel

/// The plain dense forward pass the message-level network must equal: y^(l) = φ(W^(l)·y^(l−1) + b^(l)), with a
/// crashed neuron's y = 0 and a crashed synapse's weight taken as 0; stuck or upset neurons output their value,
/// stuck or upset synapses have their weight replaced.
///
/// `neuronStates[l - 1]` for hidden layer l; `synapseStates[l - 1]` flat `target * inputs + source` for layer
/// 1...L+1.
func denseForward(
    _ chip: Chip, _ input: [Double], neuronStates: [[ComponentState]], synapseStates: [[ComponentState]]
) -> [Double] {
    var y = input
    for (offset, layer) in chip.allLayers.enumerated() {
        var next = [Double](repeating: 0, count: layer.outputs)
        for i in 0..<layer.outputs {
            var s = 0.0
            for j in 0..<layer.inputs {
                let w: Double
                switch synapseStates[offset][i * layer.inputs + j] {
                case .alive: w = layer.weight(target: i, source: j)
                case .crashed: w = 0
                case .stuckAt(let v), .transient(let v): w = v
                }
                s += w * y[j]
            }
            s += layer.bias[i]
            let state = offset < chip.depth ? neuronStates[offset][i] : .alive
            switch state {
            case .alive: next[i] = layer.activation.map { $0(s) } ?? s
            case .crashed: next[i] = 0
            case .stuckAt(let v), .transient(let v): next[i] = v
            }
        }
        y = next
    }
    return y
}

/// The states a fault set describes.
func states(of faults: FaultSet, on chip: Chip) -> (neurons: [[ComponentState]], synapses: [[ComponentState]]) {
    var neurons = chip.widths.map { [ComponentState](repeating: .alive, count: $0) }
    var synapses = chip.allLayers.map { [ComponentState](repeating: .alive, count: $0.synapseCount) }
    for (l, list) in faults.neurons.enumerated() { for i in list { neurons[l][i] = .crashed } }
    for (l, list) in faults.synapses.enumerated() { for i in list { synapses[l][i] = .crashed } }
    return (neurons, synapses)
}

/// Whether two vectors agree to 1e-12, relative to the size of the values (ReLU chips can reach 10⁶).
func agree(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
}

/// The repository root, from this file's path.
func repositoryPath(_ relative: String, file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/NeuroFailKernelTests/DenseReference.swift
    return (parts + [Substring(relative)]).joined(separator: "/")
}

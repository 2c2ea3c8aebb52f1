import NeuroFailCore

/// Random chips with sparse hidden layers and their dense expansions, for tests that hold the sparse paths (both
/// engines, every bound) to the dense paths they must equal: a sparse layer is the dense layer whose missing
/// synapses have weight 0 and cannot fail, so outputs agree exactly (an exact ±0 term never changes a sum), and a
/// crash of sparse synapse k is the crash of the dense synapse with the same ends.
public enum SparseChips {
    /// A random chip of 1–3 hidden layers, each sparse with probability 3/4 (else dense), a dense readout of 1–3
    /// outputs. A sparse layer's neurons each draw a fan-in of 0 to min(inputs, 6) distinct sources (empty rows
    /// occur); widths 1–8 (`maxWidth`), chip inputs 1–9; weights N(0, 0.5²) or N(1, 5²); activations from every
    /// function (``ConvolutionalChips/randomActivation(_:)``); box [0, 1] or [−1, 1].
    public static func random(_ rng: inout Xoshiro256, maxWidth: Int = 8) -> Chip {
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + rng.nextIndex(range.count) }
        let paper = rng.nextUnit() < 0.5
        func normal() -> Double { paper ? rng.nextNormal(mean: 1, std: 5) : rng.nextNormal(mean: 0, std: 0.5) }
        let d = draw(1...9)
        var width = d
        var hidden = [Layer]()
        for _ in 0..<draw(1...3) {
            let n = draw(1...maxWidth)
            let activation = ConvolutionalChips.randomActivation(&rng)
            if rng.nextUnit() < 0.75 {
                var lists = [[Int]]()
                for _ in 0..<n {
                    let k = draw(0...min(width, 6))
                    var chosen = Set<Int>()
                    while chosen.count < k { chosen.insert(rng.nextIndex(width)) }
                    lists.append(chosen.sorted())
                }
                let c = SparseConnectivity(inputs: width, fanIn: lists)
                hidden.append(Layer(
                    sparse: c, weights: (0..<c.synapseCount).map { _ in normal() }, bias: (0..<n).map { _ in normal() },
                    activation: activation))
            } else {
                hidden.append(Layer(
                    inputs: width, outputs: n, weights: (0..<(n * width)).map { _ in normal() },
                    bias: (0..<n).map { _ in normal() }, activation: activation))
            }
            width = n
        }
        let m = draw(1...3)
        let readout = Layer(
            inputs: width, outputs: m, weights: (0..<(m * width)).map { _ in normal() }, bias: (0..<m).map { _ in normal() },
            activation: nil)
        return Chip(
            name: "random-sparse", inputDomain: rng.nextUnit() < 0.5 ? .unit : InputDomain(lower: -1, upper: 1),
            hidden: hidden, readout: readout)
    }

    /// The chip with every sparse layer expanded to the dense matrix with zeros where no synapse is.
    public static func denseEquivalent(_ chip: Chip) -> Chip {
        func dense(_ layer: Layer) -> Layer {
            guard layer.sparse != nil else { return layer }
            return Layer(
                inputs: layer.inputs, outputs: layer.outputs, weights: layer.denseWeights, bias: layer.bias,
                activation: layer.activation)
        }
        return Chip(
            name: chip.name, inputDomain: chip.inputDomain, hidden: chip.hidden.map(dense), readout: chip.readout,
            metadata: chip.metadata, outputTransform: chip.outputTransform)
    }

    /// `faults` of `chip` as the same faults on ``denseEquivalent(_:)``: sparse synapse numbers (crashes and changed
    /// weights) mapped to the dense numbers of the same ends.
    public static func denseFaults(_ faults: FaultSet, chip: Chip) -> FaultSet {
        var out = faults
        for (l, layer) in chip.allLayers.enumerated() where layer.sparse != nil {
            func dense(_ k: Int) -> Int {
                let (t, s) = layer.synapse(at: k)
                return t * layer.inputs + s
            }
            out.synapses[l] = faults.synapses[l].map(dense).sorted()
            out.weights[l] = faults.weights[l].map { e in
                var e = e
                e.index = dense(e.index)
                return e
            }.sorted { $0.index < $1.index }
        }
        return out
    }
}

extension Chip {
    /// A random chip as in the paper, section IV: every weight (and bias, unless `biases` is false) drawn from
    /// N(`mean`, `std`²), by default N(1, 5²). The seed and the recipe are recorded in the chip's metadata under
    /// `"generator"`, so the file says how to make it again.
    ///
    /// - Parameters:
    ///   - inputs: d, the number of inputs.
    ///   - widths: N_1...N_L, the hidden layer widths (at least one).
    ///   - outputs: M, the readout width.
    ///   - activation: φ of every hidden layer.
    ///   - mean, std: the weight distribution.
    ///   - biases: whether biases are drawn too (the paper's companion code has none).
    ///   - seed: the generator seed.
    public static func random(
        inputs: Int, widths: [Int], outputs: Int, activation: Activation,
        mean: Double = 1, std: Double = 5, biases: Bool = true, seed: UInt64, name: String? = nil
    ) -> Chip {
        precondition(inputs > 0 && !widths.isEmpty && widths.allSatisfy { $0 > 0 } && outputs > 0)
        var rng = Xoshiro256(seed: seed)
        func layer(_ n: Int, _ prev: Int, _ a: Activation?) -> Layer {
            let w = (0..<(n * prev)).map { _ in rng.nextNormal(mean: mean, std: std) }
            let b = (0..<n).map { _ in biases ? rng.nextNormal(mean: mean, std: std) : 0 }
            return Layer(inputs: prev, outputs: n, weights: w, bias: b, activation: a)
        }
        var hidden = [Layer]()
        var prev = inputs
        for n in widths {
            hidden.append(layer(n, prev, activation))
            prev = n
        }
        let readout = layer(outputs, prev, nil)
        let shape = ([inputs] + widths + [outputs]).map(String.init).joined(separator: "-")
        let recipe: JSONValue = [
            "tool": "neurofail generate", "seed": .number(Double(seed)), "distribution": "normal",
            "mean": .number(mean), "std": .number(std), "biases": .bool(biases),
        ]
        return Chip(
            name: name ?? "random-\(activation.function.rawValue)-\(shape)-seed\(seed)",
            hidden: hidden, readout: readout, metadata: [("generator", recipe)])
    }
}

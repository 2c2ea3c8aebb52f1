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

extension Chip {
    /// A random sparse chip, the shape of a Loihi-class chip: every neuron of each hidden layer has exactly `fanIn`
    /// synapses, from distinct sources drawn uniformly from the layer's inputs (Floyd's algorithm, kept sorted), with
    /// weights (and biases, unless `biases` is false) drawn from N(`mean`, `std`²) as ``random(inputs:widths:outputs:activation:mean:std:biases:seed:name:)``
    /// draws them; the readout is dense. Neuron by neuron, layer by layer, from one stream of `seed`: its sources,
    /// then its weights by increasing source, then its bias; then the readout as the dense generator draws it. So
    /// the chip depends on the seed alone (nothing is drawn in parallel). The recipe, with `fanIn` (and `window`
    /// when given), is recorded under `"generator"`.
    ///
    /// With a `window` W the fan-in is local, as on a chip whose network was mapped to cores or whose layers are
    /// convolutions: neuron t of a layer of n fed by p sources draws its sources from the min(W, p) consecutive
    /// sources centred on its own place, `(2t + 1)·p / (2n)` (integer division), the window slid back inside
    /// 0..<p at the edges. A window of p or more is the whole layer, and draws the same chip as no window.
    ///
    /// Precondition: `1 ≤ fanIn ≤` every hidden layer's input count, and `window ≥ fanIn` (commands check both with
    /// a message first).
    public static func random(
        inputs: Int, widths: [Int], fanIn: Int, window: Int? = nil, outputs: Int, activation: Activation,
        mean: Double = 1, std: Double = 5, biases: Bool = true, seed: UInt64, name: String? = nil
    ) -> Chip {
        precondition(inputs > 0 && !widths.isEmpty && widths.allSatisfy { $0 > 0 } && outputs > 0)
        precondition(fanIn >= 1 && fanIn <= min(inputs, widths.dropLast().min() ?? inputs), "fan-in beyond a layer's inputs")
        precondition(window.map { $0 >= fanIn } ?? true, "a window narrower than the fan-in")
        var rng = Xoshiro256(seed: seed)
        var hidden = [Layer]()
        var prev = inputs
        var row = [Int32]()
        row.reserveCapacity(fanIn)
        for n in widths {
            var rowStart = [Int]()
            rowStart.reserveCapacity(n + 1)
            var sources = [Int32]()
            sources.reserveCapacity(n * fanIn)
            var weights = [Double]()
            weights.reserveCapacity(n * fanIn)
            var bias = [Double]()
            bias.reserveCapacity(n)
            rowStart.append(0)
            let span = min(window ?? prev, prev)
            for target in 0..<n {
                // Floyd: for j = span−K … span−1 pick t in 0...j, take t unless taken, else j (larger than all
                // taken so far, so it goes last); a uniform K-subset of the window, then moved to its place. The
                // row stays sorted by binary insertion.
                row.removeAll(keepingCapacity: true)
                let first = Int32(min(max((2 * target + 1) * prev / (2 * n) - span / 2, 0), prev - span))
                for j in (span - fanIn)..<span {
                    let t = Int32(rng.nextIndex(j + 1))
                    var lo = 0, hi = row.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if row[mid] < t { lo = mid + 1 } else { hi = mid }
                    }
                    if lo < row.count, row[lo] == t { row.append(Int32(j)) } else { row.insert(t, at: lo) }
                }
                sources += row.lazy.map { $0 + first }
                for _ in 0..<fanIn { weights.append(rng.nextNormal(mean: mean, std: std)) }
                bias.append(biases ? rng.nextNormal(mean: mean, std: std) : 0)
                rowStart.append(sources.count)
            }
            let c = SparseConnectivity(inputs: prev, outputs: n, rowStart: rowStart, sources: sources)
            hidden.append(Layer(sparse: c, weights: weights, bias: bias, activation: activation))
            prev = n
        }
        let w = (0..<(outputs * prev)).map { _ in rng.nextNormal(mean: mean, std: std) }
        let b = (0..<outputs).map { _ in biases ? rng.nextNormal(mean: mean, std: std) : 0 }
        let readout = Layer(inputs: prev, outputs: outputs, weights: w, bias: b, activation: nil)
        let shape = ([inputs] + widths + [outputs]).map(String.init).joined(separator: "-")
        var recipe: [(String, JSONValue)] = [
            ("tool", "neurofail generate"), ("seed", .number(Double(seed))), ("distribution", "normal"),
            ("mean", .number(mean)), ("std", .number(std)), ("biases", .bool(biases)), ("fanIn", .number(Double(fanIn))),
        ]
        if let window { recipe.append(("window", .number(Double(window)))) }
        let local = window.map { "-w\($0)" } ?? ""
        return Chip(
            name: name ?? "random-\(activation.function.rawValue)-\(shape)-k\(fanIn)\(local)-seed\(seed)",
            hidden: hidden, readout: readout, metadata: [("generator", .object(recipe))])
    }
}

import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailTestSupport

/// The repository root, found from this file's path, so tests read the committed chips in Chips/.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Chips/hand-2-2-1.json, the chip Docs/theory.md works out by hand.
func handChip() throws -> Chip {
    try Chip.load(path: repositoryRoot.appendingPathComponent("Chips/hand-2-2-1.json").path)
}

/// A chip from the text of a `neurofail.chip/1` document.
func decodeChip(_ text: String) throws -> Chip {
    try Chip.decode(JSONValue.parse(Data(text.utf8), file: "inline.json"), file: "inline.json")
}

/// Whether `a` and `b` agree to `relative` (scaled by the larger magnitude; exact zeros must match exactly).
func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b))
}

/// A random chip for property tests: depth, widths, inputs, outputs, per-layer activation (``randomActivation(_:)``),
/// and the weight distribution all drawn from `rng`. Weights and biases are N(1, 5²) (the paper's random chips) or
/// N(0, 0.3²) (small, trained-like), one or the other per chip.
func randomChip(
    _ rng: inout Xoshiro256, depth: ClosedRange<Int> = 1...4, width: ClosedRange<Int> = 1...4,
    inputs: ClosedRange<Int> = 1...3, outputs: ClosedRange<Int> = 1...2
) -> Chip {
    func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + rng.nextIndex(range.count) }
    let paperWeights = rng.nextUnit() < 0.5
    let (mean, std) = paperWeights ? (1.0, 5.0) : (0.0, 0.3)
    func layer(_ n: Int, _ previous: Int, _ activation: Activation?) -> Layer {
        let weights = (0..<(n * previous)).map { _ in rng.nextNormal(mean: mean, std: std) }
        let bias = (0..<n).map { _ in rng.nextNormal(mean: mean, std: std) }
        return Layer(inputs: previous, outputs: n, weights: weights, bias: bias, activation: activation)
    }
    var previous = draw(inputs)
    var hidden = [Layer]()
    for _ in 0..<draw(depth) {
        let activation = randomActivation(&rng)
        let n = draw(width)
        hidden.append(layer(n, previous, activation))
        previous = n
    }
    let lower = rng.nextUnit() < 0.5 ? 0.0 : -1.0 - rng.nextUnit()
    return Chip(
        name: "property", inputDomain: InputDomain(lower: lower, upper: 1 + rng.nextUnit()), hidden: hidden,
        readout: layer(draw(outputs), previous, nil))
}

/// Any activation function, uniformly, with K log-uniform in [0.1, 4] and its parameters drawn too: leaky-relu's α
/// is 0 (a ReLU) one time in five, else uniform in [0, 0.9); clip's range [lo, hi] has lo uniform in [−2, 2] (so the
/// range need not contain 0, the value a crashed neuron sends) and a width uniform in [0.1, 3.1]
/// (``ConvolutionalChips/randomActivation(_:)``, shared with the CNN property tests).
func randomActivation(_ rng: inout Xoshiro256) -> Activation { ConvolutionalChips.randomActivation(&rng) }

/// A random chip (``randomChip(_:depth:width:inputs:outputs:)``) and random valid fault counts for it: any f_l in
/// 0...N_l and any s_l in 0...N_l·N_(l−1).
func randomChipAndCounts(_ rng: inout Xoshiro256) -> (Chip, FaultCounts) {
    let chip = randomChip(&rng)
    let counts = FaultCounts(
        neurons: chip.widths.map { rng.nextIndex($0 + 1) },
        synapses: chip.allLayers.map { rng.nextIndex($0.synapseCount + 1) })
    return (chip, counts)
}

/// All k-element subsets of 0..<n, each sorted, in lexicographic order.
func combinations(_ n: Int, _ k: Int) -> [[Int]] {
    guard k > 0 else { return [[]] }
    guard k <= n else { return [] }
    var result = [[Int]]()
    var current = [Int]()
    func extend(from start: Int) {
        if current.count == k {
            result.append(current)
            return
        }
        for i in start..<n where n - i >= k - current.count {
            current.append(i)
            extend(from: i + 1)
            current.removeLast()
        }
    }
    extend(from: 0)
    return result
}

/// Every vector (c_1, ..., c_n) with 0 ≤ c_i ≤ limits[i].
func countVectors(_ limits: [Int]) -> [[Int]] {
    limits.reduce([[]]) { partial, limit in partial.flatMap { prefix in (0...limit).map { prefix + [$0] } } }
}

/// The corners of the chip's input box followed by three uniform random points in it.
func samplePoints(_ chip: Chip, _ rng: inout Xoshiro256) -> [[Double]] {
    let d = chip.inputCount
    let (lower, upper) = (chip.inputDomain.lower, chip.inputDomain.upper)
    var points = (0..<(1 << d)).map { mask in (0..<d).map { mask & (1 << $0) != 0 ? upper : lower } }
    for _ in 0..<3 { points.append((0..<d).map { _ in lower + (upper - lower) * rng.nextUnit() }) }
    return points
}

/// Calls `body` with `count` random sparse chips (`SparseChips.random`, drawn from `seed`), each with its dense
/// expansion and the generator for further draws.
func forEachSparseChip(seed: UInt64, count: Int, _ body: (_ chip: Chip, _ dense: Chip, _ rng: inout Xoshiro256) -> Void) {
    var rng = Xoshiro256(seed: seed)
    for _ in 0..<count {
        let chip = SparseChips.random(&rng)
        body(chip, SparseChips.denseEquivalent(chip), &rng)
    }
}

/// Every corner of the box when d ≤ 5, else 24 random corners; then `randomPoints` uniform random points.
func cornersAndPoints(_ chip: Chip, randomPoints: Int, _ rng: inout Xoshiro256) -> [[Double]] {
    let d = chip.inputCount, (lower, upper) = (chip.inputDomain.lower, chip.inputDomain.upper)
    let masks = d <= 5 ? Array(0..<(1 << d)) : (0..<24).map { _ in rng.nextIndex(1 << d) }
    var points = masks.map { mask in (0..<d).map { mask & (1 << $0) != 0 ? upper : lower } }
    for _ in 0..<randomPoints { points.append((0..<d).map { _ in lower + (upper - lower) * rng.nextUnit() }) }
    return points
}

/// The chip's outputs for input `x` with `faults`: a plain loop over layers, neurons and synapses. A crashed neuron
/// sends 0, a stuck one its value; a crashed synapse delivers nothing, one with a changed stored weight delivers with it.
func forward(_ chip: Chip, _ x: [Double], _ faults: FaultSet) -> [Double] {
    var y = x
    for (index, layer) in chip.allLayers.enumerated() {
        let deadSynapses = Set(faults.synapses[index])
        let deadNeurons = index < chip.depth ? Set(faults.neurons[index]) : []
        var stuck = [Int: Double]()
        if index < chip.depth { for e in faults.stuck[index] { stuck[e.index] = e.value } }
        var stored = [Int: Double]()
        for e in faults.weights[index] { stored[e.index] = e.value }
        y = (0..<layer.outputs).map { i in
            var s = layer.bias[i]
            for j in 0..<layer.inputs where !deadSynapses.contains(i * layer.inputs + j) {
                s += (stored[i * layer.inputs + j] ?? layer.weight(target: i, source: j)) * y[j]
            }
            guard let activation = layer.activation else { return s }
            if let c = stuck[i] { return c }
            return deadNeurons.contains(i) ? 0 : activation(s)
        }
    }
    return y
}


/// Every neuron and every synapse of `chip` crashed independently with a probability drawn for the chip (some
/// sets empty, and every layer sees both kinds over many draws).
func randomFaultSet(_ chip: Chip, _ rng: inout Xoshiro256) -> FaultSet {
    let p = 0.35 * rng.nextUnit()
    let neurons = chip.widths.map { n in (0..<n).filter { _ in rng.nextUnit() < p } }
    let synapses = chip.allLayers.map { layer in (0..<layer.synapseCount).filter { _ in rng.nextUnit() < p } }
    return FaultSet(neurons: neurons, synapses: synapses)
}

/// A uniform random point of the chip's declared box.
func randomInput(_ chip: Chip, _ rng: inout Xoshiro256) -> [Double] {
    let (lower, upper) = (chip.inputDomain.lower, chip.inputDomain.upper)
    return (0..<chip.inputCount).map { _ in min(upper, lower + (upper - lower) * rng.nextUnit()) }
}

#if arch(x86_64) || arch(i386)
/// u of Float80 (64-bit significand): 2⁻⁶⁴, 2,048 times smaller than Double's.
let extendedUnit: Float80 = 0x1p-64

/// φ in 80-bit extended precision: the reference the rigorous (exact-arithmetic) claims are checked against.
func extended(_ φ: Activation, _ x: Float80) -> Float80 {
    let k = Float80(φ.lipschitz)
    switch φ.function {
    case .relu: return k * max(0, x)
    case .sigmoid: return 1 / (1 + exp(-4 * k * x))
    case .tanh: return tanh(k * x)
    case .leakyRelu: return x >= 0 ? k * x : k * Float80(φ.alpha) * x
    case .hardSigmoid: return min(max(k * x + 0.5, 0), 1)
    case .clip:
        let range = φ.clipRange ?? Activation.defaultClipRange
        return min(max(k * x, Float80(range.lowerBound)), Float80(range.upperBound))
    }
}

/// A value computed in extended precision with a bound on its distance from the exact one.
struct Extended {
    var value: Float80
    var error: Float80

    /// Whether the exact value this stands for may lie in [lower, upper] (Double ends), i.e. the bound is not
    /// contradicted by this computation.
    func fits(_ lower: Double, _ upper: Double) -> Bool {
        value + error >= Float80(lower) && value - error <= Float80(upper)
    }
}

/// Every layer of `chip` at input `x` under `faults`, in extended precision with a running error bound (each
/// operation off by at most 2⁻⁶⁴ relative, so a sum of n products by (n + 2)·2⁻⁶⁴·Σ|terms|; φ within 8 ulps
/// and K times its argument's error): `pre[m]` the outputs of weight matrix m, `post[h]` the values of layer h
/// (0: the input, exact).
func extendedForward(_ chip: Chip, _ x: [Double], _ faults: FaultSet) -> (pre: [[Extended]], post: [[Extended]]) {
    var y = x.map { Extended(value: Float80($0), error: 0) }
    var pre = [[Extended]](), post = [y]
    for (m, layer) in chip.allLayers.enumerated() {
        let deadSynapses = Set(faults.synapses[m])
        let deadNeurons = m < chip.depth ? Set(faults.neurons[m]) : []
        var z = [Extended]()
        for i in 0..<layer.outputs {
            var s = Float80(layer.bias[i]), absolute = abs(s), propagated: Float80 = 0
            for j in 0..<layer.inputs where !deadSynapses.contains(i * layer.inputs + j) {
                let w = Float80(layer.weight(target: i, source: j))
                s += w * y[j].value
                absolute += abs(w) * (abs(y[j].value) + y[j].error)
                propagated += abs(w) * y[j].error
            }
            let error = propagated * (1 + 4 * extendedUnit) + Float80(layer.inputs + 3) * extendedUnit * absolute * 2
            z.append(Extended(value: s, error: error))
        }
        pre.append(z)
        guard let φ = layer.activation else { break }
        y = z.indices.map { i in
            if deadNeurons.contains(i) { return Extended(value: 0, error: 0) }
            let v = extended(φ, z[i].value)
            return Extended(value: v, error: Float80(φ.lipschitz) * z[i].error * 2 + 16 * extendedUnit * max(1, abs(v)))
        }
        post.append(y)
    }
    return (pre, post)
}
#endif

/// A dense grid of the chip's declared box: 101, 21 or 9 points per axis for 1, 2 or 3 inputs (5 beyond).
func gridPoints(_ chip: Chip) -> [[Double]] {
    let perAxis = [1: 101, 2: 21, 3: 9][chip.inputCount] ?? 5
    let batch = InputBatch.grid(pointsPerAxis: perAxis, dimension: chip.inputCount, domain: chip.inputDomain)
    return (0..<batch.count).map { Array(batch.row($0)) }
}

import Dispatch
import NeuroFailCore
import Synchronization

/// The other side of a certified bound: the largest deviation ‖F(x) − F̂(x)‖ that a search over the box actually
/// finds for one fault set, with the input that shows it. The true worst case lies in [found, certified].
///
/// Projected sign-gradient ascent (the PGD of adversarial-example search) from many starts: the corners the linear
/// relaxation points to (``DeviationBound/suggestedInputs``), inputs the caller knows to be bad (the workload's
/// worst), the centre of the box, then seeded uniform points. Each step moves every feature by the step size in the
/// direction that increases the currently largest output difference, and clips to the box; the step shrinks
/// linearly. Every deviation reported was evaluated by a plain forward pass at the input reported.
///
/// Deterministic: the starts come from `seed`, each start runs on its own, and the best is chosen in start order
/// (ties to the earlier start), so the result does not depend on the number of threads.
public struct WorstInputSearch: Sendable {
    /// What the search found.
    public struct Result: Sendable, Hashable {
        /// The largest deviation found, in the norm searched, output units.
        public let deviation: Double
        /// The input that shows it (inside the box).
        public let input: [Double]
        /// The output component with the largest difference at that input.
        public let output: Int
        /// How many starts and steps were spent.
        public let starts: Int
        public let steps: Int
    }

    /// The chip searched.
    public let chip: Chip
    /// The box searched.
    public let box: InputBox
    /// Random starts beyond the given ones.
    public let randomStarts: Int
    /// Ascent steps per start.
    public let steps: Int
    /// The seed of the random starts.
    public let seed: UInt64

    public init(chip: Chip, box: InputBox? = nil, randomStarts: Int = 32, steps: Int = 100, seed: UInt64 = 1) {
        self.chip = chip
        self.box = box ?? InputBox(chip: chip)
        self.randomStarts = randomStarts
        self.steps = steps
        self.seed = seed
    }

    /// Searches for the worst input of `faults` in `norm`, starting from `hints` (clipped to the box) first.
    public func search(_ faults: FaultSet, norm: DeviationNorm = .linf, hints: [[Double]] = []) -> Result {
        let d = chip.inputCount
        var starts = hints.filter { $0.count == d }.map { x in (0..<d).map { min(max(x[$0], box.lower[$0]), box.upper[$0]) } }
        starts.append((0..<d).map { (box.lower[$0] + box.upper[$0]) / 2 })
        var rng = Xoshiro256(seed: seed)
        for _ in 0..<randomStarts {
            starts.append((0..<d).map { box.lower[$0] + (box.upper[$0] - box.lower[$0]) * rng.nextUnit() })
        }
        let model = DifferentiableChip(chip: chip, faults: faults)
        let points = starts
        let collected = Mutex([(Double, [Double], Int)](repeating: (0, [], 0), count: starts.count))
        DispatchQueue.concurrentPerform(iterations: points.count) { s in
            let found = ascend(model, from: points[s], norm: norm)
            collected.withLock { $0[s] = found }
        }
        let results = collected.withLock { $0 }
        var best = 0
        for s in 1..<results.count where results[s].0 > results[best].0 { best = s }
        return Result(
            deviation: results[best].0, input: results[best].1, output: results[best].2, starts: starts.count,
            steps: steps)
    }

    /// One ascent: returns the best (deviation, input, output) seen along the way.
    private func ascend(_ model: DifferentiableChip, from start: [Double], norm: DeviationNorm) -> (Double, [Double], Int) {
        var x = start
        var best = (0.0, start, 0)
        let width = (0..<x.count).map { box.upper[$0] - box.lower[$0] }
        for step in 0...steps {
            let (difference, gradient) = model.differenceAndGradient(at: x, norm: norm)
            let value = norm(difference)
            if value > best.0 {
                var k = 0
                for i in difference.indices where abs(difference[i]) > abs(difference[k]) { k = i }
                best = (value, x, k)
            }
            if step == steps { break }
            let size = 0.1 * (1 - Double(step) / Double(steps)) + 0.002
            for j in 0..<x.count where gradient[j] != 0 {
                let moved = x[j] + (gradient[j] > 0 ? size : -size) * width[j]
                x[j] = min(max(moved, box.lower[j]), box.upper[j])
            }
        }
        return best
    }
}

/// The pristine and the faulty chip with reverse-mode gradients of their output difference, for the search.
struct DifferentiableChip: Sendable {
    let layers: [Layer]
    /// Per matrix, the faulty chip's weights (crashed synapses 0, changed weights as stored).
    let masked: [[Double]]
    /// Per hidden layer, crashed (0) and stuck (c) neurons.
    let dead: [[Bool]]
    let fixed: [[Double]]

    init(chip: Chip, faults: FaultSet) {
        layers = chip.allLayers
        masked = layers.enumerated().map { m, layer in
            var w = layer.weights
            for e in faults.weights[m] { w[e.index] = e.value }
            for flat in faults.synapses[m] { w[flat] = 0 }
            return w
        }
        dead = chip.widths.enumerated().map { l, n in
            var d = [Bool](repeating: false, count: n)
            for i in faults.neurons[l] { d[i] = true }
            for e in faults.stuck[l] { d[e.index] = true }
            return d
        }
        fixed = chip.widths.enumerated().map { l, n in
            var v = [Double](repeating: 0, count: n)
            for e in faults.stuck[l] { v[e.index] = e.value }
            return v
        }
    }

    /// Pre-activations of every matrix for one chip (pristine: `weights` nil).
    private func forward(_ x: [Double], faulty: Bool) -> [[Double]] {
        var a = x
        var pre = [[Double]]()
        for (m, layer) in layers.enumerated() {
            let w = faulty ? masked[m] : layer.weights
            var z = layer.bias
            for i in 0..<layer.outputs {
                var s = z[i]
                for j in 0..<layer.inputs { s += w[i * layer.inputs + j] * a[j] }
                z[i] = s
            }
            pre.append(z)
            if let φ = layer.activation {
                a = z.indices.map { faulty && dead[m][$0] ? fixed[m][$0] : φ(z[$0]) }
            } else {
                a = z
            }
        }
        return pre
    }

    /// ∂(g · F)/∂x for a chip whose pre-activations are `pre`.
    private func backward(_ g: [Double], pre: [[Double]], faulty: Bool) -> [Double] {
        var grad = g
        for m in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[m]
            let w = faulty ? masked[m] : layer.weights
            if let φ = layer.activation {
                for i in 0..<layer.outputs { grad[i] *= (faulty && dead[m][i]) ? 0 : φ.derivative(pre[m][i]) }
            }
            var next = [Double](repeating: 0, count: layer.inputs)
            for i in 0..<layer.outputs where grad[i] != 0 {
                for j in 0..<layer.inputs { next[j] += grad[i] * w[i * layer.inputs + j] }
            }
            grad = next
        }
        return grad
    }

    /// F(x) − F̂(x) and the gradient of the deviation in `norm` with respect to x (for L∞, of the largest
    /// component's |difference|).
    func differenceAndGradient(at x: [Double], norm: DeviationNorm) -> ([Double], [Double]) {
        let p = forward(x, faulty: false), f = forward(x, faulty: true)
        let last = layers.count - 1
        let difference = zip(p[last], f[last]).map { $0 - $1 }
        var g = [Double](repeating: 0, count: difference.count)
        switch norm {
        case .linf:
            var k = 0
            for i in difference.indices where abs(difference[i]) > abs(difference[k]) { k = i }
            g[k] = difference[k] >= 0 ? 1 : -1
        case .l1:
            g = difference.map { $0 >= 0 ? 1 : -1 }
        case .l2:
            let n = norm(difference)
            g = difference.map { n > 0 ? $0 / n : 0 }
        }
        let gp = backward(g, pre: p, faulty: false), gf = backward(g, pre: f, faulty: true)
        return (difference, zip(gp, gf).map { $0 - $1 })
    }
}

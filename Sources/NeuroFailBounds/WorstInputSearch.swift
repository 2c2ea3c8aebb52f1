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

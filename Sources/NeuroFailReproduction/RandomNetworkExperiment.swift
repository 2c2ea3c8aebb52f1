import Foundation
import NeuroFailCore
import NeuroFailEngine

/// The paper's random-network setting (section IV-A/B): 4-layer × 4-neuron chips with 4 inputs and one linear output,
/// every weight drawn from N(1, 5²), Ω measured exhaustively over crash sets on a regular grid of [0, 1]⁴.
///
/// Figs. 3–6 vary one thing each (K, the crash depth, the weight scale) on the same chips: chip `i` of a seed is
/// always the same weights, whatever its activation, its K or its weight scale, so curves differ only by the variable.
struct RandomNetworkExperiment: Sendable {
    /// d, the number of inputs.
    var inputs = 4
    /// N_1 … N_L.
    var widths = [4, 4, 4, 4]
    /// How many random chips each point averages.
    var chips: Int
    /// Grid points per input axis (the paper used 101).
    var gridPoints: Int
    /// The master seed: chip i is drawn from the stream (seed, i).
    var seed: UInt64
    /// Worker threads for the campaigns (nil: all cores); results do not depend on it.
    var threads: Int?

    init(chips: Int, gridPoints: Int, seed: UInt64, threads: Int?) {
        self.chips = chips
        self.gridPoints = gridPoints
        self.seed = seed
        self.threads = threads
    }

    /// The experiment of a figure's sizes, with the run's seed and threads.
    init(_ size: RandomNetworkSize, _ options: ReproductionOptions) {
        self.init(chips: size.chips, gridPoints: size.gridPoints, seed: options.seed, threads: options.threads)
    }

    /// L, the number of hidden layers.
    var depth: Int { widths.count }

    /// The inputs every campaign runs on: `gridPoints`^d points of [0, 1]^d.
    var batch: InputBatch { InputBatch.grid(pointsPerAxis: gridPoints, dimension: inputs, domain: .unit) }

    /// The seed of chip `index`, derived from the master seed so that chips are independent.
    func chipSeed(_ index: Int) -> UInt64 {
        var rng = Xoshiro256(seed: seed, stream: UInt64(index))
        return rng.next()
    }

    /// Random chip `index` with activation `function` of Lipschitz constant `lipschitz` in every hidden layer, with or
    /// without biases; every weight (not the biases) multiplied by `weightScale`, the readout's too unless
    /// `scaleReadout` is false.
    func chip(
        _ index: Int, _ function: Activation.Function, lipschitz: Double, biases: Bool, weightScale: Double = 1,
        scaleReadout: Bool = true
    ) -> Chip {
        var chip = Chip.random(
            inputs: inputs, widths: widths, outputs: 1, activation: Activation(function, lipschitz: lipschitz),
            biases: biases, seed: chipSeed(index))
        if weightScale != 1 {
            for l in chip.hidden.indices { chip.hidden[l].weights = chip.hidden[l].weights.map { $0 * weightScale } }
            if scaleReadout { chip.readout.weights = chip.readout.weights.map { $0 * weightScale } }
        }
        return chip
    }

    /// Ω over every crash set of `selection` on `chip` and every grid input.
    func omega(_ chip: Chip, _ selection: CrashSelection, inputs batch: InputBatch) -> OmegaStatistics {
        OmegaCampaign(chip: chip, inputs: batch, selection: selection, mode: .exhaustive).run(threads: threads)
    }

    /// The crash selection of `count` neurons in hidden layer `layer` (1-based) only.
    func inLayer(_ layer: Int, count: Int = 1) -> CrashSelection {
        var counts = Array(repeating: 0, count: depth)
        counts[layer - 1] = count
        return .perLayer(neurons: counts)
    }

    /// Ω_av, Ω_mav and Ω_max of `selection`, each averaged over the chips made by `make(i)`.
    func averagedOmega(_ selection: CrashSelection, inputs batch: InputBatch, _ make: (Int) -> Chip) -> OmegaTriple {
        var sum = OmegaTriple(average: 0, maxAverage: 0, max: 0)
        for i in 0..<chips {
            let s = omega(make(i), selection, inputs: batch)
            sum.average += s.omegaAverage
            sum.maxAverage += s.omegaMaxAverage
            sum.max += s.omegaMax
        }
        let n = Double(chips)
        return OmegaTriple(average: sum.average / n, maxAverage: sum.maxAverage / n, max: sum.max / n)
    }

    /// `points` values from `low` to `high`, evenly spaced in log scale (both ends included).
    static func logGrid(from low: Double, to high: Double, points: Int) -> [Double] {
        precondition(points >= 2 && low > 0 && high > low)
        let a = log10(low), b = log10(high)
        return (0..<points).map { i in
            if i == 0 { return low }
            if i == points - 1 { return high }
            return pow(10, a + (b - a) * Double(i) / Double(points - 1))
        }
    }

    /// A description of the setting for summaries and CSV comments.
    var setting: String {
        let shape = ([inputs] + widths + [1]).map(String.init).joined(separator: "-")
        let g = gridPoints
        return "\(chips) random \(shape) chips (weights ~ N(1, 5²)), inputs on the \(g)^\(inputs) = "
            + "\(Int(pow(Double(g), Double(inputs)))) point grid of [0,1]^\(inputs), every crash set enumerated"
    }
}

/// The sizes of a random-network figure's run (quick or full).
struct RandomNetworkSize: Sendable, Hashable {
    /// Random chips averaged per point.
    var chips: Int
    /// Grid points per input axis.
    var gridPoints: Int
    /// Points of the swept variable (K or the weight scale), log-spaced.
    var points: Int
    /// Crash counts, for the figures that sweep them.
    var crashCounts: [Int] = [1]
}

/// Ω_av, Ω_mav and Ω_max of one selection (averaged over chips).
struct OmegaTriple: Sendable, Hashable {
    var average: Double
    var maxAverage: Double
    var max: Double
}

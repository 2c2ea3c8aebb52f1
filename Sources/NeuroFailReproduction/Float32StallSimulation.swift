import NeuroFailCore

/// What the paper's companion code would have computed for Ω_av: a Float32 running sum of every run's deviation,
/// divided by the number of runs. Once the sum S is large, a term below half a unit in the last place of S
/// (ulp(S)/2 ≈ S·2⁻²⁴) rounds away: the sum stalls and the average is biased low. NeuroFail accumulates in Float64
/// with Neumaier's compensation (``NeuroFailEngine/CompensatedSum``); this type simulates the naive way to say how
/// wrong it would have been.
struct Float32StallSimulation: Sendable {
    /// The running sum, in Float32.
    private(set) var sum: Float = 0
    /// Terms added.
    private(set) var count = 0

    /// Adds one term (rounded to Float32 first, as a Float32 program computes it).
    @inline(__always)
    mutating func add(_ x: Double) {
        sum += Float(x)
        count += 1
    }

    /// Whether no term in [0, `bound`] can change the sum any more: half an ulp of the sum exceeds the largest such
    /// term, so every later addition rounds back to the sum (terms are non-negative, the sum never shrinks).
    func isStalled(forTermsUpTo bound: Double) -> Bool {
        sum > 0 && Double(sum.ulp) / 2 > Double(Float(bound).nextUp)
    }

    /// `count` additions of `term`: the Float32 total, stopping early once stalled (the rest cannot change it).
    static func repeatedSum(of term: Double, count: Int) -> (total: Float, stalledAfter: Int?) {
        var s = Float32StallSimulation()
        for i in 0..<count {
            s.add(term)
            // The same term gives the same rounding every time: once it no longer moves the sum, it never will.
            if s.sum + Float(term) == s.sum { return (s.sum, i + 1) }
        }
        return (s.sum, nil)
    }

    /// The result of simulating one fig10 campaign.
    struct Outcome: Sendable {
        /// The naive average: the Float32 sum divided by every run of the campaign.
        var naiveMean: Double
        /// Runs actually added before the sum provably stalled (or all of them).
        var simulatedRuns: Int
        /// Runs in the whole campaign.
        var totalRuns: Int
        /// Whether the sum stalled before the end.
        var stalled: Bool
    }

    /// The naive Float32 running sum of every run of `.total(f)` crashes on a chip with one hidden layer, over every
    /// crash set in lexicographic order (the engine's enumeration order), and for each set every input in order.
    ///
    /// The deviation of a run is max_k |Σ_(j∈S) W_out[k, j] · y_j(x)| (the crashed neurons' share of the readout).
    /// The walk stops as soon as the sum provably stalls for every term ≤ `omegaMax` (the campaign's Ω_max), since
    /// no later run can change it; that makes 10¹¹-run campaigns cheap to simulate exactly.
    static func simulate(chip: Chip, inputs: InputBatch, crashes f: Int, omegaMax: Double) -> Outcome {
        precondition(chip.depth == 1, "the simulation walks chips with one hidden layer")
        let hidden = chip.hidden[0], readout = chip.readout
        let n = hidden.outputs, m = readout.outputs, d = hidden.inputs, count = inputs.count
        let activation = hidden.activation ?? Activation(.relu, lipschitz: 1)
        // y[i * n + j]: hidden activations; w[j * m + k]: readout weights, transposed.
        var y = [Double](repeating: 0, count: count * n)
        for i in 0..<count {
            let row = inputs.row(i)
            for j in 0..<n {
                var z = hidden.bias[j]
                var idx = row.startIndex
                for s in 0..<d {
                    z += hidden.weights[j * d + s] * row[idx]
                    idx += 1
                }
                y[i * n + j] = activation(z)
            }
        }
        var w = [Double](repeating: 0, count: n * m)
        for k in 0..<m { for j in 0..<n { w[j * m + k] = readout.weights[k * n + j] } }
        var sets = 1
        for i in 0..<f { sets = sets * (n - i) / (i + 1) }
        let total = sets * count
        var sim = Float32StallSimulation()
        var combo = Array(0..<f)
        var delta = [Double](repeating: 0, count: m)
        outer: while true {
            for i in 0..<count {
                for k in 0..<m { delta[k] = 0 }
                for j in combo {
                    let yj = y[i * n + j]
                    for k in 0..<m { delta[k] += w[j * m + k] * yj }
                }
                var dev = 0.0
                for k in 0..<m { dev = max(dev, abs(delta[k])) }
                sim.add(dev)
            }
            if sim.isStalled(forTermsUpTo: omegaMax) { break outer }
            // Next combination in lexicographic order.
            var p = f - 1
            while p >= 0 && combo[p] == n - f + p { p -= 1 }
            if p < 0 { break }
            combo[p] += 1
            for q in (p + 1)..<f { combo[q] = combo[q - 1] + 1 }
        }
        return Outcome(
            naiveMean: Double(sim.sum) / Double(total), simulatedRuns: sim.count, totalRuns: total,
            stalled: sim.count < total)
    }
}

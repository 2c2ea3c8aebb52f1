import Dispatch
import NeuroFailCore

/// What a naive program computes for Ω_av: a Float32 running sum of every run's deviation, divided by the number of
/// runs (``simulate(chip:inputs:crashes:seconds:)``), or, as the paper's companion code `rand.cpp` does for
/// Figs. 3–6, a Float32 sum of norm/card per crash set (``gridAverage(chip:layer:crashes:digits:threads:)``).
/// Once the sum S is large, a term below half a unit in the last place of S
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
        /// Runs whose deviation was actually computed and added (the others provably could not move the sum).
        var simulatedRuns: Int
        /// Runs in the whole campaign.
        var totalRuns: Int
        /// Whether the sum stalled for good before the end (no later run could move it).
        var stalled: Bool
        /// Whether the walk reached its end or a full stall (false: stopped by the time limit, `naiveMean` is then
        /// the sum so far over every run, a lower bound on the naive result).
        var complete: Bool
    }

    /// The naive Float32 running sum of every run of `.total(f)` crashes on a chip with one hidden layer, over every
    /// crash set in lexicographic order (the engine's enumeration order), and for each set every input in order.
    ///
    /// The deviation of a run is max_k |Σ_(j∈S) W_out[k, j] · y_j(x)| (the crashed neurons' share of the readout).
    /// Exact but pruned: input x can never deviate by more than B(x) = max_k (sum of the f largest |W_out[k, j]·y_j(x)|),
    /// so once half an ulp of the sum exceeds B(x), none of x's later runs can move the sum (the sum only grows) and
    /// they are skipped; when every input is skipped the sum has stalled for good. `seconds` caps the walk.
    static func simulate(chip: Chip, inputs: InputBatch, crashes f: Int, seconds: Double = .infinity) -> Outcome {
        precondition(chip.depth == 1, "the simulation walks chips with one hidden layer")
        let started = DispatchTime.now().uptimeNanoseconds
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
        // B(x), with a margin for the rounding of the sums.
        var bound = [Double](repeating: 0, count: count)
        var column = [Double](repeating: 0, count: n)
        for i in 0..<count {
            var b = 0.0
            for k in 0..<m {
                for j in 0..<n { column[j] = abs(w[j * m + k] * y[i * n + j]) }
                column.sort(by: >)
                b = max(b, column[0..<f].reduce(0, +))
            }
            bound[i] = b * (1 + 1e-9) + 1e-300
        }
        var sets = 1
        for i in 0..<f { sets = sets * (n - i) / (i + 1) }
        let total = sets * count
        var sim = Float32StallSimulation()
        var combo = Array(0..<f)
        var delta = [Double](repeating: 0, count: m)
        var active = Array(0..<count)
        var threshold = 0.0
        var complete = true, walked = 0
        outer: while true {
            let half = sim.sum > 0 ? Double(sim.sum.ulp) / 2 : 0
            if half > threshold {
                threshold = half
                active = active.filter { Double(Float(bound[$0])) >= threshold }
                if active.isEmpty { break outer }
            }
            for i in active {
                for k in 0..<m { delta[k] = 0 }
                for j in combo {
                    let yj = y[i * n + j]
                    for k in 0..<m { delta[k] += w[j * m + k] * yj }
                }
                var dev = 0.0
                for k in 0..<m { dev = max(dev, abs(delta[k])) }
                sim.add(dev)
            }
            walked += 1
            if walked & 255 == 0, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 > seconds {
                complete = false
                break outer
            }
            // Next combination in lexicographic order.
            var p = f - 1
            while p >= 0 && combo[p] == n - f + p { p -= 1 }
            if p < 0 { break }
            combo[p] += 1
            for q in (p + 1)..<f { combo[q] = combo[q - 1] + 1 }
        }
        return Outcome(
            naiveMean: Double(sim.sum) / Double(total), simulatedRuns: sim.count, totalRuns: total,
            stalled: complete && active.isEmpty, complete: complete)
    }
}

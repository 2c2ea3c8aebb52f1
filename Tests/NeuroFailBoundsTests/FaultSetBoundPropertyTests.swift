import Foundation
import NeuroFailBounds
import NeuroFailCore
import Testing

/// The fault-set bound is a theorem (Docs/theory.md, sections 11–14): for a concrete fault set, no input of the box
/// moves the output by more than the certified bound. Checked on random chips against the largest deviation that
/// exhaustive evaluation over a dense grid of the box finds, and against the worst-input search started from the
/// grid's worst point (so found ≥ grid maximum by construction): certified + rounding allowance ≥ found ≥ grid.
///
/// Chips from `randomChip` (Fixtures.swift): depth 1–4, widths 1–4, 1–3 inputs, ReLU and sigmoid layers with their
/// own K, biases, weights N(1, 5²) or N(0, 0.3²), boxes [0, 1+u] or [−1−u, 1+u]. Fault sets: every neuron and every
/// synapse crashed independently with a probability drawn per chip, so every layer sees both kinds.
struct FaultSetBoundPropertyTests {
    static let chips = 1000

    struct Summary {
        var cases = 0
        var tightestLinear = 0.0
        var tightestIntervals = 0.0
        var linearBetter = 0
    }

    @Test func noInputOfTheBoxExceedsTheCertifiedBound() {
        var rng = Xoshiro256(seed: 91)
        var summary = Summary()
        for _ in 0..<Self.chips {
            let chip = randomChip(&rng)
            let analysis = FaultSetBound(chip: chip)
            let grid = gridPoints(chip)
            let pristineChip = PlainChip(chip, FaultSet(pristine: chip))
            let nominal = grid.map { pristineChip($0) }
            for _ in 0..<2 {
                let faults = randomFaultSet(chip, &rng)
                var worst = 0.0, worstInput = grid[0]
                let faultyChip = PlainChip(chip, faults)
                for (x, expected) in zip(grid, nominal) {
                    let deviation = zip(faultyChip(x), expected).map { abs($0 - $1) }.max() ?? 0
                    if deviation > worst { (worst, worstInput) = (deviation, x) }
                }
                let linear = analysis.bound(faults, method: .linearRelaxation)
                let intervals = analysis.bound(faults, method: .differenceIntervals)
                let search = WorstInputSearch(chip: chip, randomStarts: 2, steps: 20, seed: 7)
                let found = search.search(faults, hints: [worstInput] + linear.suggestedInputs).deviation
                let context = "faults \(faults) on \(chip.json.rendered(indent: 0))"
                #expect(found >= worst * (1 - 1e-12), "the search starts from the grid's worst point: \(context)")
                #expect(linear.admits(found, .linf), "found \(found) > certified \(linear.value(.linf)): \(context)")
                #expect(intervals.admits(found, .linf), "found \(found) > intervals \(intervals.value(.linf)): \(context)")
                #expect(
                    linear.value(.linf) <= intervals.value(.linf) * (1 + 1e-12) + 1e-300,
                    "back-substitution only narrows the interval bounds: \(context)")
                for k in 0..<chip.outputCount {
                    #expect(linear.lower[k] <= linear.upper[k])
                }
                summary.cases += 1
                let certified = linear.value(.linf)
                if certified > 0 { summary.tightestLinear = max(summary.tightestLinear, found / certified) }
                if intervals.value(.linf) > 0 {
                    summary.tightestIntervals = max(summary.tightestIntervals, found / intervals.value(.linf))
                }
                if certified < intervals.value(.linf) * 0.99 { summary.linearBetter += 1 }
            }
        }
        #expect(summary.cases == 2 * Self.chips)
        // Not vacuous: somewhere the bound is met (the equality cases exist: an affine region of every neuron).
        #expect(summary.tightestLinear > 0.999, "tightest found/certified \(summary.tightestLinear)")
        #expect(summary.linearBetter > Self.chips / 10, "linear relaxation tighter in \(summary.linearBetter) cases")
    }

    /// The pairwise bounds certify decisions: an input whose pristine winner beats every rival by more than the
    /// bound on how much the faults can close the gap keeps its winner, checked on every grid point.
    @Test func inputsTheBoundSaysCannotFlipKeepTheirDecision() {
        var rng = Xoshiro256(seed: 92)
        var certain = 0
        for _ in 0..<200 {
            let chip = randomChip(&rng, outputs: 2...3)
            let analysis = FaultSetBound(chip: chip)
            let faults = randomFaultSet(chip, &rng)
            let bound = analysis.bound(faults, method: .linearRelaxation)
            let pristineChip = PlainChip(chip, FaultSet(pristine: chip)), faultyChip = PlainChip(chip, faults)
            for x in gridPoints(chip) {
                let pristine = pristineChip(x)
                let faulty = faultyChip(x)
                guard !bound.mayFlip(scores: pristine[...]) else { continue }
                certain += 1
                let winner = pristine.indices.max { pristine[$0] < pristine[$1] } ?? 0
                let faultyWinner = faulty.indices.max { faulty[$0] < faulty[$1] } ?? 0
                #expect(winner == faultyWinner, "a certified decision flipped on \(chip.json.rendered(indent: 0))")
            }
        }
        #expect(certain > 1000, "the flip bound certified only \(certain) decisions")
    }
}

/// The plain forward pass of Fixtures.swift's `forward` with the fault set turned into masks once (the grid
/// evaluates it tens of thousands of times): a crashed neuron outputs 0, a crashed synapse delivers nothing.
private struct PlainChip {
    let layers: [Layer]
    let alive: [[Bool]]
    let dead: [[Bool]]

    init(_ chip: Chip, _ faults: FaultSet) {
        layers = chip.allLayers
        alive = layers.enumerated().map { l, layer in
            var a = [Bool](repeating: true, count: layer.synapseCount)
            for flat in faults.synapses[l] { a[flat] = false }
            return a
        }
        dead = chip.widths.enumerated().map { l, n in
            var d = [Bool](repeating: false, count: n)
            for i in faults.neurons[l] { d[i] = true }
            return d
        }
    }

    func callAsFunction(_ x: [Double]) -> [Double] {
        var y = x
        for (index, layer) in layers.enumerated() {
            var next = [Double](repeating: 0, count: layer.outputs)
            for i in 0..<layer.outputs {
                var s = layer.bias[i]
                for j in 0..<layer.inputs where alive[index][i * layer.inputs + j] { s += layer.weights[i * layer.inputs + j] * y[j] }
                if let activation = layer.activation {
                    next[i] = dead[index][i] ? 0 : activation(s)
                } else {
                    next[i] = s
                }
            }
            y = next
        }
        return y
    }
}

import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailTestSupport
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

    /// The same theorem on convolutional chips (`ConvolutionalChips.random`, 1-D and 2-D, strides, padding,
    /// channels, every activation), whose convolutions the analysis expands to dense matrices: the bound equals the
    /// bound of the chip's textbook dense expansion with the same crashes (so the synapse numbering maps to the right
    /// matrix entries), and no input exceeds it: every corner (64 random ones above d = 6), 64 random points and the
    /// search from the worst of them. Deviations from the dense expansion's plain forward pass.
    @Test func noInputOfTheBoxExceedsTheCertifiedBoundOnCNNChips() {
        var rng = Xoshiro256(seed: 93)
        var summary = Summary()
        for trial in 0..<250 {
            let chip = ConvolutionalChips.random(&rng, size: .small)
            let dense = ConvolutionalChips.denseEquivalent(chip)
            let analysis = FaultSetBound(chip: chip), denseAnalysis = FaultSetBound(chip: dense)
            let d = chip.inputCount, (lower, upper) = (chip.inputDomain.lower, chip.inputDomain.upper)
            let masks = d <= 6 ? Array(0..<(1 << d)) : (0..<64).map { _ in rng.nextIndex(1 << d) }
            var points = masks.map { mask in (0..<d).map { mask & (1 << $0) != 0 ? upper : lower } }
            for _ in 0..<64 { points.append((0..<d).map { _ in lower + (upper - lower) * rng.nextUnit() }) }
            let nominal = points.map { forward(dense, $0, FaultSet(pristine: chip)) }
            let faults = randomFaultSet(chip, &rng), denseFaults = ConvolutionalChips.denseFaults(faults, chip: chip)
            var worst = 0.0, worstInput = points[0]
            for (x, expected) in zip(points, nominal) {
                let deviation = zip(forward(dense, x, denseFaults), expected).map { abs($0 - $1) }.max() ?? 0
                if deviation > worst { (worst, worstInput) = (deviation, x) }
            }
            for method in FaultSetBound.Method.allCases {
                let a = analysis.bound(faults, method: method), b = denseAnalysis.bound(denseFaults, method: method)
                #expect(a.lower == b.lower && a.upper == b.upper, "trial \(trial) \(method): the expansion differs")
            }
            let linear = analysis.bound(faults, method: .linearRelaxation)
            let intervals = analysis.bound(faults, method: .differenceIntervals)
            let found = WorstInputSearch(chip: chip, randomStarts: 2, steps: 20, seed: 7)
                .search(faults, hints: [worstInput] + linear.suggestedInputs).deviation
            let context = "faults \(faults) on \(chip.json.rendered(indent: 0))"
            #expect(found >= worst * (1 - 1e-12), "the search starts from the sample's worst point: \(context)")
            #expect(linear.admits(found, .linf), "found \(found) > certified \(linear.value(.linf)): \(context)")
            #expect(intervals.admits(found, .linf), "found \(found) > intervals \(intervals.value(.linf)): \(context)")
            summary.cases += 1
            if linear.value(.linf) > 0 { summary.tightestLinear = max(summary.tightestLinear, found / linear.value(.linf)) }
        }
        #expect(summary.tightestLinear > 0.99, "tightest found/certified \(summary.tightestLinear)")
    }

    /// Sparse chips (`SparseChips.random`), whose layers the analysis reads as their CSR synapses, never expanded:
    /// with random crashes, stuck neurons and changed synapse weights, both methods give exactly the bounds of the
    /// chip's dense expansion with the same faults (zero weights add exact zeros, and the rounding terms count a
    /// dense row's N_(l−1) terms either way), the any-fault rounding allowance is the same, and no input exceeds
    /// them: every corner (64 random ones above d = 6), 64 random points and the search from the worst of them.
    /// Deviations from the dense expansion's plain forward pass.
    @Test func aSparseChipsBoundIsItsDenseExpansionsAndNoInputOfTheBoxExceedsIt() {
        var rng = Xoshiro256(seed: 94)
        var tightest = 0.0, changed = 0
        for trial in 0..<250 {
            let chip = SparseChips.random(&rng)
            let dense = SparseChips.denseEquivalent(chip)
            let analysis = FaultSetBound(chip: chip), denseAnalysis = FaultSetBound(chip: dense)
            #expect(analysis.anyFaultRoundingAllowance(.linf) == denseAnalysis.anyFaultRoundingAllowance(.linf))
            let d = chip.inputCount, (lower, upper) = (chip.inputDomain.lower, chip.inputDomain.upper)
            let masks = d <= 6 ? Array(0..<(1 << d)) : (0..<64).map { _ in rng.nextIndex(1 << d) }
            var points = masks.map { mask in (0..<d).map { mask & (1 << $0) != 0 ? upper : lower } }
            for _ in 0..<64 { points.append((0..<d).map { _ in lower + (upper - lower) * rng.nextUnit() }) }
            var faults = randomFaultSet(chip, &rng)
            for (l, width) in chip.widths.enumerated() where rng.nextUnit() < 0.3 {
                let crashed = Set(faults.neurons[l])
                faults.stuck[l] = (0..<width).filter { !crashed.contains($0) && rng.nextUnit() < 0.2 }
                    .map { FaultSet.Entry(index: $0, value: rng.nextNormal()) }
            }
            for (l, layer) in chip.allLayers.enumerated() where rng.nextUnit() < 0.5 {
                let crashed = Set(faults.synapses[l])
                faults.weights[l] = (0..<layer.synapseCount).filter { !crashed.contains($0) && rng.nextUnit() < 0.2 }
                    .map { FaultSet.Entry(index: $0, value: layer.weights[$0] + rng.nextNormal()) }
                changed += faults.weights[l].count
            }
            let denseFaults = SparseChips.denseFaults(faults, chip: chip)
            let nominal = points.map { forward(dense, $0, FaultSet(pristine: chip)) }
            var worst = 0.0, worstInput = points[0]
            for (x, expected) in zip(points, nominal) {
                let deviation = zip(forward(dense, x, denseFaults), expected).map { abs($0 - $1) }.max() ?? 0
                if deviation > worst { (worst, worstInput) = (deviation, x) }
            }
            let context = "faults \(faults) on \(chip.json.rendered(indent: 0))"
            for method in FaultSetBound.Method.allCases {
                let a = analysis.bound(faults, method: method), b = denseAnalysis.bound(denseFaults, method: method)
                #expect(a.lower == b.lower && a.upper == b.upper, "trial \(trial) \(method): the expansion differs")
                #expect(a.pairwise == b.pairwise && a.roundingAllowance == b.roundingAllowance, "trial \(trial) \(method)")
                #expect(a.admits(worst, .linf), "Ω \(worst) > \(method) \(a.value(.linf)): \(context)")
            }
            let linear = analysis.bound(faults, method: .linearRelaxation)
            let found = WorstInputSearch(chip: chip, randomStarts: 2, steps: 20, seed: 7)
                .search(faults, hints: [worstInput] + linear.suggestedInputs).deviation
            #expect(found >= worst * (1 - 1e-12), "the search starts from the sample's worst point: \(context)")
            #expect(linear.admits(found, .linf), "found \(found) > certified \(linear.value(.linf)): \(context)")
            if linear.value(.linf) > 0 { tightest = max(tightest, found / linear.value(.linf)) }
        }
        #expect(changed > 100, "only \(changed) changed weights")
        #expect(tightest > 0.99, "tightest found/certified \(tightest)")
    }
}

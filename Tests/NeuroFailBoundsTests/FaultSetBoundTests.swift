import Foundation
import NeuroFailCore
import NeuroFailEngine
import NeuroFailTestSupport
import Testing

@testable import NeuroFailBounds

/// The fault-set bound on Chips/hand-2-2-1.json, where every single crash can be worked out by hand (Docs/theory.md,
/// section 9: on [0, 1]², y^(1) = (x₁ + 2x₂, relu(x₂ − x₁ + ½)), h = (y₁ + y₂, relu(2y₁ − y₂)), F = h₁ − 2h₂).
struct FaultSetBoundTests {
    /// One crash and the exact max over the box of |F(x) − F̂(x)|, by hand:
    /// - n1.0 (y₁ = 0): F − F̂ = y₁ − 2·relu(2y₁ − y₂), −8 at (1, 1) (theory.md).
    /// - n1.1 (y₂ = 0): F − F̂ = 3y₂ − 2·relu(y₂ − 2y₁) ≥ 0, largest where y₂ is: 3 · 1.5 = 4.5 at (0, 1).
    /// - n2.0 (h₁ = 0): F − F̂ = y₁ + y₂, 3.5 at (1, 1) and (0, 1) (theory.md).
    /// - n2.1 and s2.1.0 (h₂ = 0, or h₂ loses its input 2y₁ and becomes relu(−y₂) = 0): 2·relu(2y₁ − y₂), 11 at (1, 1).
    /// - s1.0.1 (y₁ loses 2x₂): F − F̂ = 2x₂ − 2·(relu(a + 4x₂) − relu(a)) with a = 2x₁ − y₂: −6x₂ where a ≥ 0, so
    ///   6 at x₂ = 1, x₁ ≥ ½; at most 6x₂ + 2a < 6 or 2x₂ ≤ 2 elsewhere.
    static let singleCrashes: [(name: String, faults: FaultSet, exact: Double)] = [
        ("n1.0", FaultSet(neurons: [[0], []]), 8),
        ("n1.1", FaultSet(neurons: [[1], []]), 4.5),
        ("n2.0", FaultSet(neurons: [[], [0]]), 3.5),
        ("n2.1", FaultSet(neurons: [[], [1]]), 11),
        ("s2.1.0", FaultSet(neurons: [[], []], synapses: [[], [1 * 2 + 0], []]), 11),
        ("s1.0.1", FaultSet(neurons: [[], []], synapses: [[0 * 2 + 1], [], []]), 6),
    ]

    /// The largest deviation over a 201 × 201 grid of the box (step 1/200: every point the hand maxima sit on), by
    /// the batched engine (NeuroFailEngine's evaluator, independent of the bound analyses).
    static func gridMaximum(_ chip: Chip, _ faults: FaultSet) -> Double {
        let grid = InputBatch.grid(pointsPerAxis: 201, dimension: 2, domain: .unit)
        let evaluator = Evaluator(chip: chip)
        let pristine = evaluator.outputs(grid, faults: FaultSet(pristine: chip), threads: 1)
        let faulty = evaluator.outputs(grid, faults: faults, threads: 1)
        return zip(pristine, faulty).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test func everySingleCrashOfTheHandChipIsBoundedAboveItsExactWorstCase() throws {
        let chip = try handChip()
        let analysis = FaultSetBound(chip: chip)
        for (name, faults, exact) in Self.singleCrashes {
            // The grid attains the hand maximum, up to the rounding of its Float64 forward passes.
            let grid = Self.gridMaximum(chip, faults)
            #expect(abs(grid - exact) <= 1e-14 * exact, "\(name): grid \(grid), by hand \(exact)")
            let linear = analysis.bound(faults, method: .linearRelaxation)
            let intervals = analysis.bound(faults, method: .differenceIntervals)
            #expect(linear.value(.linf) >= exact, "\(name): linear \(linear.value(.linf))")
            #expect(intervals.value(.linf) >= exact, "\(name): intervals \(intervals.value(.linf))")
            #expect(linear.value(.linf) <= intervals.value(.linf), "\(name): back-substitution only narrows")
            // Erf at these counts is 24 (n1.*), 12 (n2.*, s2.*) or 16 (s1.*): the fault-set bound is never looser.
            #expect(linear.value(.linf) <= ["n1": 24, "n2": 12, "s2": 12, "s1": 16][String(name.prefix(2))]!, "\(name)")
            #expect(linear.domain == "chip domain [0, 1]^2")
        }
    }

    /// Crashing the second layer's neurons is exact without splitting: the deviation is one pristine neuron's
    /// value (times its readout weight), and the pristine analysis bounds h₂ by back-substitution at 5.5 (the
    /// tangent y₂ ≥ x₂ − x₁ + ½ and y₁ exact give 2y₁ − y₂ ≤ 3x₁ + 3x₂ − ½), h₁ at 3.75 (the chord
    /// y₂ ≤ ¾(x₂ − x₁ + 1)). So n2.1 is bounded by 2 · 5.5 = 11 and n2.0 by 3.75, to rounding.
    @Test func secondLayerCrashesAreBoundedByTheBackSubstitutedNeuronValues() throws {
        let analysis = FaultSetBound(chip: try handChip())
        let n21 = analysis.bound(FaultSet(neurons: [[], [1]]), method: .linearRelaxation).value(.linf)
        let n20 = analysis.bound(FaultSet(neurons: [[], [0]]), method: .linearRelaxation).value(.linf)
        #expect(n21 >= 11 && n21 < 11 + 1e-12)
        #expect(n20 >= 3.75 && n20 < 3.75 + 1e-12)
    }

    @Test func noFailureGivesExactlyZero() throws {
        let chip = try handChip()
        let analysis = FaultSetBound(chip: chip)
        for method in FaultSetBound.Method.allCases {
            let b = analysis.bound(FaultSet(pristine: chip), method: method)
            #expect(b.lower == [0] && b.upper == [0])
            #expect(b.value(.linf) == 0 && b.value(.l1) == 0 && b.value(.l2) == 0)
        }
        #expect(analysis.refined(FaultSet(pristine: chip), subdomains: 16).value(.linf) == 0)
    }

    /// A narrower box gives a bound over that box: on [0.9, 1]², n1.0's worst case is still 8 at (1, 1), and the
    /// bound holds it and is tighter than over the whole domain.
    @Test func aNarrowerBoxGivesATighterBoundThatStillHolds() throws {
        let chip = try handChip()
        let faults = FaultSet(neurons: [[0], []])
        let whole = FaultSetBound(chip: chip).bound(faults).value(.linf)
        let box = InputBox(lower: [0.9, 0.9], upper: [1, 1], source: "corner")
        let corner = FaultSetBound(chip: chip, box: box).bound(faults)
        #expect(corner.value(.linf) >= 8 && corner.value(.linf) < whole)
        #expect(corner.domain == "corner")
    }

    /// The rounding allowance of any faulty chip covers the gap between a Float64 deviation and the exact one: on
    /// a chip whose one neuron computes 1e16 + x, fl(1e16 + 1.5) = 1e16 + 2 (the spacing of Float64 there is 2), so
    /// crashing the input synapse shows a deviation of 2 where the exact one is 1.5. The bound (1.5 in exact
    /// arithmetic) plus its allowance admits 2; the allowance is at least the 0.5 of rounding.
    @Test func aDeviationAboveTheBoundOnlyByRoundingIsAdmitted() throws {
        let chip = roundingChip()
        let faults = FaultSet(neurons: [[]], synapses: [[0], []])
        #expect(forward(chip, [1.5], FaultSet(pristine: chip))[0] - forward(chip, [1.5], faults)[0] == 2)
        let analysis = FaultSetBound(chip: chip)
        for method in FaultSetBound.Method.allCases {
            let b = analysis.bound(faults, method: method)
            #expect(b.value(.linf) >= 1.5)
            #expect(b.admits(2, .linf), "\(method): bound \(b.value(.linf)) + allowance \(b.allowance(.linf))")
        }
        #expect(analysis.anyFaultRoundingAllowance(.linf) >= 0.5)
    }

    /// The allowance over any fault set bounds how far a Float64 forward pass of a faulty chip is from the exact one
    /// (extended precision, with its own error bound), on random chips and fault sets at random inputs.
    #if arch(x86_64) || arch(i386)
    @Test func anyFaultAllowanceCoversTheRoundingOfEveryFaultyForwardPass() {
        var rng = Xoshiro256(seed: 77)
        for _ in 0..<300 {
            let chip = randomChip(&rng)
            let allowance = FaultSetBound(chip: chip).anyFaultRoundingAllowance(.linf)
            for _ in 0..<3 {
                let faults = randomFaultSet(chip, &rng)
                let x = randomInput(chip, &rng)
                let (pristine, faulty) = (extendedForward(chip, x, FaultSet(pristine: chip)), extendedForward(chip, x, faults))
                let (p, f) = (forward(chip, x, FaultSet(pristine: chip)), forward(chip, x, faults))
                for k in 0..<chip.outputCount {
                    let exact = pristine.pre[chip.depth][k].value - faulty.pre[chip.depth][k].value
                    let reference = pristine.pre[chip.depth][k].error + faulty.pre[chip.depth][k].error
                    let computed = Float80(p[k]) - Float80(f[k])
                    #expect(abs(computed - exact) <= Float80(allowance) + reference, "\(chip.json.rendered(indent: 0))")
                }
            }
        }
    }
    #endif
}

/// One input in [0, 1.5], one ReLU neuron computing x + 1e16, readout 1: Float64 rounds its value to a multiple of 2.
func roundingChip() -> Chip {
    Chip(
        name: "rounding", inputDomain: InputDomain(lower: 0, upper: 1.5),
        hidden: [Layer(inputs: 1, outputs: 1, weights: [1], bias: [1e16], activation: Activation(.relu, lipschitz: 1))],
        readout: Layer(inputs: 1, outputs: 1, weights: [1], bias: [0], activation: nil))
}

extension FaultSetBoundTests {
    /// A chip whose dense expansion is above the linear relaxation's limit but whose synapses are few: the analysis
    /// takes it in O(synapses) (nothing expanded), keeps to intervals (the linear relaxation answers with them and
    /// says so, `checkLinearRelaxation` refuses it with one line), and its bound still holds at sampled inputs.
    /// 2 × 3,000 sparse neurons of fan-in 2: 9·10⁶ dense entries in the second layer, 12,000 synapses.
    @Test func aChipTooLargeToTightenKeepsToIntervalsInOSynapses() throws {
        var rng = Xoshiro256(seed: 145)
        let n = 3_000
        func sparse(_ inputs: Int) -> Layer {
            let lists = (0..<n).map { _ in
                let a = rng.nextIndex(inputs), b = rng.nextIndex(inputs - 1)
                return [a, b < a ? b : b + 1].sorted()
            }
            let c = SparseConnectivity(inputs: inputs, fanIn: lists)
            return Layer(
                sparse: c, weights: (0..<c.synapseCount).map { _ in rng.nextNormal(mean: 0, std: 0.5) },
                bias: (0..<n).map { _ in rng.nextNormal(mean: 0, std: 0.1) }, activation: Activation(.relu, lipschitz: 1))
        }
        let hidden = [sparse(8), sparse(n)]
        let readout = Layer(
            inputs: n, outputs: 2, weights: (0..<(2 * n)).map { _ in rng.nextNormal(mean: 0, std: 0.1) }, bias: [0, 0],
            activation: nil)
        let chip = Chip(name: "wide-sparse", inputDomain: .unit, hidden: hidden, readout: readout)
        #expect(chip.denseWeightCount > FaultSetBound.maximumDenseWeightsForLinearRelaxation)
        try FaultSetBound.check(chip)
        #expect(throws: BoundsError.tooLargeForLinearRelaxation(
            denseWeights: chip.denseWeightCount, limit: FaultSetBound.maximumDenseWeightsForLinearRelaxation)) {
            try FaultSetBound.checkLinearRelaxation(chip)
        }
        let analysis = FaultSetBound(chip: chip)
        #expect(!analysis.tightens)
        let faults = FaultSet(neurons: [[1, 17, 400], [5, 2_999]], synapses: [[0, 3], [10], [7]])
        let linear = analysis.bound(faults, method: .linearRelaxation)
        let intervals = analysis.bound(faults, method: .differenceIntervals)
        #expect(linear.method == .differenceIntervals && linear.upper == intervals.upper && linear.lower == intervals.lower)
        #expect(intervals.value(.linf).isFinite && intervals.value(.linf) > 0)
        // Measured by the fast engine on the sparse chip (its dense expansion would be 9·10⁶ entries).
        let inputs = InputBatch.uniform(count: 64, dimension: chip.inputCount, domain: chip.inputDomain, seed: 145)
        let engine = Evaluator(chip: chip)
        let deviation = zip(engine.outputs(inputs, faults: faults), engine.outputs(inputs, faults: FaultSet(pristine: chip)))
            .map { abs($0 - $1) }.max() ?? 0
        #expect(deviation > 0 && intervals.admits(deviation, .linf), "Ω \(deviation), bound \(intervals.value(.linf))")
    }
}

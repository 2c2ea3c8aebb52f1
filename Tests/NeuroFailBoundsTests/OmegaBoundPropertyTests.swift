import NeuroFailBounds
import NeuroFailCore
import Testing

/// THE property: Ω_max ≤ Erf (Docs/theory.md, Theorems A and B) on random chips, by exhaustive enumeration of every
/// crash set with the drawn per-layer counts.
///
/// Chips: depth 1–4, widths 1–4, inputs 1–3, outputs 1–2, each hidden layer with its own activation drawn from every
/// function (relu, sigmoid, tanh, leaky-relu, hard-sigmoid, clip, with their parameters) and its own K (log-uniform
/// in [0.1, 4]; see `randomActivation`), weights and biases N(1, 5²) or N(0, 0.3²), input box [0, 1+u] or [−1−u, 1+u]
/// (see `randomChip` in Fixtures.swift). Inputs: every corner of the box and three random points. Ω is computed
/// by the plain forward pass below (a crashed neuron outputs 0, a crashed synapse delivers nothing), L∞ over the
/// outputs. The only slack is a relative 1e-9 for floating-point rounding: Erf, C_l and the forward pass are all
/// computed in round-to-nearest arithmetic, so an exact equality case (which exists, e.g. one ReLU layer whose
/// largest output meets the largest readout weight) may land an ulp or so on either side.
///
/// Each test draws the same 1,000 chips from the same seed; the three run in parallel. Deterministic.
struct OmegaBoundPropertyTests {
    static let chips = 1000
    static let slack = 1e-9

    @Test func neuronCrashesNeverMoveTheOutputMoreThanErf() {
        let summary = check(seed: 1, drawsPerChip: 4) { chip, rng in
            (drawCounts(chip.widths, largest: 4, configurations: 48, &rng), chip.allLayers.map { _ in 0 })
        }
        #expect(summary.configurations > 10_000)
        #expect(summary.tightest > 0.9, "the bound is never approached: the check may be vacuous")
    }

    @Test func synapseCrashesNeverMoveTheOutputMoreThanErf() {
        let summary = check(seed: 2, drawsPerChip: 3) { chip, rng in
            (
                chip.widths.map { _ in 0 },
                drawCounts(chip.allLayers.map(\.synapseCount), largest: 2, configurations: 48, &rng)
            )
        }
        #expect(summary.configurations > 10_000)
        #expect(summary.tightest > 0.9, "the bound is never approached: the check may be vacuous")
    }

    @Test func mixedNeuronAndSynapseCrashesNeverMoveTheOutputMoreThanErf() {
        let summary = check(seed: 3, drawsPerChip: 3) { chip, rng in
            (
                drawCounts(chip.widths, largest: 4, configurations: 8, &rng),
                drawCounts(chip.allLayers.map(\.synapseCount), largest: 2, configurations: 12, &rng)
            )
        }
        #expect(summary.configurations > 10_000)
        #expect(summary.tightest > 0.9, "the bound is never approached: the check may be vacuous")
    }

    /// Docs/theory.md, section 9: Ω of single crashes on the hand chip, derived there by hand (each is worst at the
    /// corner (1, 1), so the box corners give the exact Ω_max), next to the Erf the same section derives.
    @Test func handChipOmegaMatchesTheWorkedExample() throws {
        let chip = try handChip()
        let corners = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
        func omega(_ faults: FaultSet) -> Double {
            corners.map { x in
                let expected = forward(chip, x, FaultSet(pristine: chip))
                return zip(forward(chip, x, faults), expected).map { abs($0 - $1) }.max() ?? 0
            }.max() ?? 0
        }
        let bound = ErfBound(chip: chip)
        let cases: [(FaultSet, Double, Double)] = [
            (FaultSet(neurons: [[], [1]]), 11, 12),
            (FaultSet(neurons: [[], [0]]), 3.5, 12),
            (FaultSet(neurons: [[0], []]), 8, 24),
            // The synapse from layer-1 neuron 0 to layer-2 neuron 1 (weight 2), flat index target · inputs + source.
            (FaultSet(neurons: [[], []], synapses: [[], [1 * 2 + 0], []]), 11, 12),
        ]
        for (faults, expectedOmega, expectedErf) in cases {
            #expect(omega(faults) == expectedOmega)
            #expect(bound.erf(FaultCounts(faults)) == expectedErf)
        }
    }

    /// Draws `chips` chips from `seed`; for each, asks `counts` `drawsPerChip` times for (f_1...f_L, s_1...s_(L+1))
    /// and checks Ω ≤ Erf for every crash set with those counts. Returns how many crash sets were checked and the
    /// largest Ω / Erf seen.
    private func check(
        seed: UInt64, drawsPerChip: Int, _ counts: (Chip, inout Xoshiro256) -> ([Int], [Int])
    ) -> (configurations: Int, tightest: Double) {
        var rng = Xoshiro256(seed: seed)
        var configurations = 0
        var tightest = 0.0
        var layersPerFunction = [Activation.Function: Int]()
        for _ in 0..<Self.chips {
            let chip = randomChip(&rng)
            for case let activation? in chip.hidden.map(\.activation) { layersPerFunction[activation.function, default: 0] += 1 }
            let inputs = samplePoints(chip, &rng)
            let pristine = FaultSet(pristine: chip)
            let nominal = inputs.map { forward(chip, $0, pristine) }
            for _ in 0..<drawsPerChip {
                let (neurons, synapses) = counts(chip, &rng)
                let faultCounts = FaultCounts(neurons: neurons, synapses: synapses)
                let erf = ErfBound(chip: chip).erf(faultCounts)
                for faults in allFaultSets(chip, neurons: neurons, synapses: synapses) {
                    var omega = 0.0
                    for (x, expected) in zip(inputs, nominal) {
                        for (a, b) in zip(forward(chip, x, faults), expected) { omega = max(omega, abs(a - b)) }
                    }
                    configurations += 1
                    if erf > 0 { tightest = max(tightest, omega / erf) }
                    #expect(
                        omega <= erf * (1 + Self.slack),
                        "Ω = \(omega) > Erf = \(erf) for \(faults) on \(chip.json.rendered(indent: 0))")
                }
            }
        }
        // Every activation is exercised, each in a good share of the layers (≈ 1/6 of ~2,500).
        for function in Activation.Function.allCases {
            #expect(layersPerFunction[function, default: 0] > 200, "\(function) in too few layers: \(layersPerFunction)")
        }
        return (configurations, tightest)
    }
}

/// Per-layer counts c_l ≤ min(limits[l], largest), drawn at random but kept so that the number of crash sets
/// Π C(limits[l], c_l) stays ≤ `configurations` (a count is lowered until it fits; 0 always fits). With `orFewer`,
/// the sets counted are those of every count vector ≤ c, Π Σ_(k ≤ c_l) C(limits[l], k).
func drawCounts(
    _ limits: [Int], largest: Int, configurations: Int, orFewer: Bool = false, _ rng: inout Xoshiro256
) -> [Int] {
    var product = 1
    func sets(_ n: Int, _ c: Int) -> Int { orFewer ? (0...c).reduce(0) { $0 + binomial(n, $1) } : binomial(n, c) }
    return limits.map { limit in
        var count = rng.nextIndex(min(limit, largest) + 1)
        while count > 0 && product * sets(limit, count) > configurations { count -= 1 }
        product *= sets(limit, count)
        return count
    }
}

private func binomial(_ n: Int, _ k: Int) -> Int { (0..<k).reduce(1) { $0 * (n - $1) / ($1 + 1) } }

/// Every fault set with exactly `neurons[l]` crashed neurons in hidden layer l and `synapses[l]` crashed synapses
/// in weight matrix l.
func allFaultSets(_ chip: Chip, neurons: [Int], synapses: [Int]) -> [FaultSet] {
    let neuronChoices = zip(chip.widths, neurons).map { combinations($0, $1) }
    let synapseChoices = zip(chip.allLayers, synapses).map { combinations($0.synapseCount, $1) }
    func product(_ lists: [[[Int]]]) -> [[[Int]]] {
        lists.reduce([[]]) { partial, choices in partial.flatMap { prefix in choices.map { prefix + [$0] } } }
    }
    let synapseSets = product(synapseChoices)
    return product(neuronChoices).flatMap { n in synapseSets.map { FaultSet(neurons: n, synapses: $0) } }
}

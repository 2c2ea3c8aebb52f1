import Foundation
import NeuroFailCore
@testable import NeuroFailEngine

// Shared fixtures of the engine tests: the hand-checked chip, seeded random chips and fault sets, and Ω computed the
// plain way (one input at a time through Evaluator.output(for:faults:)) to hold the fast paths against.

/// Chips/hand-2-2-1.json, found from this file's path.
func handChip() throws -> Chip {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try Chip.load(path: root.appendingPathComponent("Chips/hand-2-2-1.json").path)
}

/// The three inputs worked by hand: A = (1, 0), B = (0, 1), C = (0.5, 0.5).
let handInputs = InputBatch(count: 3, dimension: 2, values: [1, 0, 0, 1, 0.5, 0.5])

/// A chip from a JSON literal.
func chip(json: String) throws -> Chip {
    try Chip.decode(JSONValue.parse(Data(json.utf8), file: "literal"), file: "literal")
}

/// A paper-style random chip (weights N(1, 5²)).
func randomChip(_ inputs: Int, _ widths: [Int], _ outputs: Int, _ function: Activation.Function = .relu, seed: UInt64)
    -> Chip
{
    Chip.random(
        inputs: inputs, widths: widths, outputs: outputs,
        activation: Activation(function, lipschitz: function == .relu || function == .leakyRelu ? 1 : 0.5), seed: seed)
}

/// A random fault set with `neurons[l]` crashed neurons in layer l and `synapses[l]` crashed synapses in matrix l.
func randomFaults(_ chip: Chip, neurons: [Int], synapses: [Int], rng: inout Xoshiro256) -> FaultSet {
    let layers = chip.allLayers
    return FaultSet(
        neurons: neurons.enumerated().map { rng.sample($0.element, from: chip.widths[$0.offset]) },
        synapses: synapses.enumerated().map { rng.sample($0.element, from: layers[$0.offset].synapseCount) })
}

/// Ω computed the plain way over the campaign's crash sets.
struct PlainOmega {
    var average = 0.0
    var maxAverage = 0.0
    var max = 0.0
    var std = 0.0
}

func plainOmega(_ campaign: OmegaCampaign) -> PlainOmega {
    let evaluator = Evaluator(chip: campaign.chip)
    let m = campaign.inputs.count
    let rows = (0..<m).map { Array(campaign.inputs.row($0)) }
    let pristine = rows.map { evaluator.output(for: $0, faults: FaultSet(pristine: campaign.chip)) }
    var sum = 0.0, squares = 0.0
    var perInput = [Double](repeating: 0, count: m)
    for n in 0..<campaign.setCount {
        let faults = campaign.faultSet(at: n)
        for i in 0..<m {
            let failed = evaluator.output(for: rows[i], faults: faults)
            let deviation = campaign.norm(zip(pristine[i], failed).map { $0 - $1 })
            sum += deviation
            squares += deviation * deviation
            perInput[i] = Swift.max(perInput[i], deviation)
        }
    }
    let runs = Double(campaign.setCount * m)
    let average = sum / runs
    return PlainOmega(
        average: average, maxAverage: perInput.reduce(0, +) / Double(m), max: perInput.max()!,
        std: Swift.max(0, squares / runs - average * average).squareRoot())
}

/// |a − b| ≤ tolerance · max(|a|, |b|, 1e-300).
func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * Swift.max(abs(a), abs(b), 1e-300)
}

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

/// A chip of 2 inputs with small integer weights (−2…2), biases 1 in the hidden layers and 0 in the readout, and
/// 150 inputs of 0s and 1s: every deviation is exact and most are tied, for the tests of which run is named worst.
func tiedChip(hidden widths: [Int], outputs: Int, seed: UInt64) throws -> (Chip, InputBatch) {
    var rng = SplitMix64(seed: seed)
    func integers(_ rows: Int, _ columns: Int) -> String {
        "[" + (0..<rows).map { _ in
            "[" + (0..<columns).map { _ in String(Int(rng.next() % 5) - 2) }.joined(separator: ",") + "]"
        }.joined(separator: ",") + "]"
    }
    var layers = [String](), before = 2
    for width in widths {
        layers.append("{\"weights\": \(integers(width, before)), \"bias\": \(Array(repeating: 1, count: width))}")
        before = width
    }
    let json = """
        {"format": "neurofail.chip/1", "name": "ties", "inputs": 2, "activation": {"function": "relu", "lipschitz": 1},
         "layers": [\(layers.joined(separator: ","))],
         "readout": {"weights": \(integers(outputs, before)), "bias": \(Array(repeating: 0, count: outputs))}}
        """
    let m = 150
    let inputs = InputBatch(count: m, dimension: 2, values: (0..<(2 * m)).map { _ in Double(rng.next() % 2) })
    return (try chip(json: json), inputs)
}

/// The campaign's worst run computed the plain way, the first strictly larger in the order given: sets, then inputs
/// (`blocks == false`); or blocks of ``Evaluator/blockSize`` inputs, then sets, then inputs (`blocks == true`).
func firstWorstRun(_ campaign: OmegaCampaign, blocks: Bool) -> (value: Double, set: Int, input: Int) {
    let evaluator = Evaluator(chip: campaign.chip)
    let m = campaign.inputs.count
    let rows = (0..<m).map { Array(campaign.inputs.row($0)) }
    let pristine = rows.map { evaluator.output(for: $0, faults: FaultSet(pristine: campaign.chip)) }
    var worst = (value: -Double.infinity, set: -1, input: -1)
    let size = blocks ? Evaluator.blockSize : m
    for first in stride(from: 0, to: m, by: size) {
        for n in 0..<campaign.setCount {
            let faults = campaign.faultSet(at: n)
            for i in first..<min(m, first + size) {
                let failed = evaluator.output(for: rows[i], faults: faults)
                let deviation = campaign.norm(zip(pristine[i], failed).map { $0 - $1 })
                if deviation > worst.value { worst = (deviation, n, i) }
            }
        }
    }
    return worst
}

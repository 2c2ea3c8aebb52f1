import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailEngine

struct DenseChipEvaluatorTests {
    @Test func changesAppliedOneAtATimeGiveTheOutputsOfTheirFaultSet() {
        let chip = Chip.random(inputs: 4, widths: [6, 5], outputs: 3, activation: Activation(.relu, lipschitz: 1), seed: 2)
        let inputs = InputBatch.uniform(count: 70, dimension: 4, domain: .unit, seed: 1)
        let factory = DenseEvaluatorFactory(chip: chip, inputs: inputs, threads: 1)
        let evaluator = factory.makeEvaluator()
        #expect(evaluator.outputs() == Evaluator(chip: chip).outputs(inputs, faults: FaultSet(pristine: chip)))
        let changes: [ComponentChange] = [
            .neuron(NeuronID(layer: 2, index: 1), .crashed), .synapse(SynapseID(layer: 1, target: 0, source: 3), crashed: true),
            .synapse(SynapseID(layer: 3, target: 2, source: 4), crashed: true), .neuron(NeuronID(layer: 1, index: 5), .crashed),
            .neuron(NeuronID(layer: 2, index: 1), .alive),
        ]
        var faults = FaultSet(pristine: chip)
        for change in changes {
            evaluator.apply(change)
            faults.apply(change, chip: chip)
            #expect(evaluator.faults == faults)
            #expect(evaluator.outputs() == Evaluator(chip: chip).outputs(inputs, faults: faults), "after \(change)")
        }
        #expect(faults.neurons == [[5], []], "the neuron made alive again is gone from the set")
    }

    @Test func evaluatorsOfOneFactoryKeepTheirOwnCondition() {
        let chip = Chip.random(inputs: 2, widths: [3], outputs: 1, activation: Activation(.relu, lipschitz: 1), seed: 3)
        let factory = DenseEvaluatorFactory(chip: chip, inputs: .uniform(count: 5, dimension: 2, domain: .unit, seed: 2))
        let a = factory.makeEvaluator(), b = factory.makeEvaluator()
        a.apply(.neuron(NeuronID(layer: 1, index: 0), .crashed))
        #expect(a.faults.count == 1 && b.faults.isEmpty && factory.name == "fast")
    }

    /// The bits of `x` (so −0 and 0 differ, as bytes in a report do).
    static func bits(_ x: [Double]) -> [UInt64] { x.map(\.bitPattern) }

    /// A random change of a random component of `chip`: a neuron crashed, alive again or stuck; a synapse crashed
    /// or delivering again; a stored weight changed or written back (layers that own their weights); or several
    /// neurons of one layer crashed at once (a core).
    static func randomChanges(_ chip: Chip, _ rng: inout Xoshiro256) -> [ComponentChange] {
        let layers = chip.allLayers
        func neuron() -> NeuronID {
            let l = rng.nextIndex(chip.depth)
            return NeuronID(layer: l + 1, index: rng.nextIndex(chip.widths[l]))
        }
        func synapse(_ candidates: [Int]) -> SynapseID? {
            let withSynapses = candidates.filter { layers[$0].synapseCount > 0 }
            guard !withSynapses.isEmpty else { return nil }
            let l = withSynapses[rng.nextIndex(withSynapses.count)]
            let (t, s) = layers[l].synapse(at: rng.nextIndex(layers[l].synapseCount))
            return SynapseID(layer: l + 1, target: t, source: s)
        }
        switch rng.nextIndex(7) {
        case 0: return [.neuron(neuron(), .crashed)]
        case 1: return [.neuron(neuron(), .alive)]
        case 2: return [.neuron(neuron(), .stuck(rng.nextNormal(mean: 0, std: 2)))]
        case 3: return synapse(Array(layers.indices)).map { [.synapse($0, crashed: true)] } ?? []
        case 4: return synapse(Array(layers.indices)).map { [.synapse($0, crashed: false)] } ?? []
        case 5:
            let owning = layers.indices.filter { layers[$0].ownsWeights }
            guard let id = synapse(owning), let flat = chip.synapseIndex(id) else { return [] }
            // Half the time the design value again (a scrub), else a new one (a flip).
            let design = layers[id.layer - 1].weight(ofSynapse: flat)
            return [.weight(id, rng.nextUnit() < 0.5 ? design : rng.nextNormal(mean: 0, std: 3))]
        default:
            let l = rng.nextIndex(chip.depth)
            return (0..<chip.widths[l]).filter { _ in rng.nextUnit() < 0.5 }.map {
                .neuron(NeuronID(layer: l + 1, index: $0), .crashed)
            }
        }
    }

    @Test func deltaPropagationEqualsTheFullEvaluationBitForBitAfterEveryChange() {
        var rng = Xoshiro256(seed: 41)
        var evaluations = 0
        for trial in 0..<150 {
            let chip: Chip
            switch trial % 3 {
            case 0:
                chip = Chip.random(
                    inputs: 1 + rng.nextIndex(6), widths: (0..<(1 + rng.nextIndex(3))).map { _ in 1 + rng.nextIndex(7) },
                    outputs: 1 + rng.nextIndex(3), activation: ConvolutionalChips.randomActivation(&rng),
                    seed: UInt64(trial))
            case 1: chip = SparseChips.random(&rng)
            default: chip = ConvolutionalChips.random(&rng, size: trial % 2 == 0 ? .small : .medium)
            }
            // 1 to 140 inputs: one block, several, and a last block with padding.
            let inputs = InputBatch.uniform(
                count: 1 + rng.nextIndex(140), dimension: chip.inputCount, domain: chip.inputDomain, seed: UInt64(trial))
            let reference = Evaluator(chip: chip)
            let prepared = reference.prepare(inputs)
            let evaluator = DenseEvaluatorFactory(chip: chip, inputs: inputs, threads: 1 + trial % 2).makeEvaluator()
            var faults = FaultSet(pristine: chip)
            for step in 0..<25 {
                let changes = Self.randomChanges(chip, &rng)
                for change in changes {
                    evaluator.apply(change)
                    faults.apply(change, chip: chip)
                }
                // Sometimes two steps' changes before one evaluation.
                if step % 4 == 3 { continue }
                #expect(evaluator.faults == faults)
                let full = reference.outputs(prepared, faults: faults)
                #expect(Self.bits(evaluator.outputs()) == Self.bits(full), "trial \(trial) step \(step) after \(changes)")
                #expect(Self.bits(full) == Self.bits(reference.outputs(inputs, faults: faults)))
                evaluations += 1
            }
        }
        #expect(evaluations > 2_500)
    }

    @Test func sparseBlocksCoverTheWorkloadInSixteensAndAMultipleOfEight() {
        // By hand: 100 inputs are six blocks of 16 (96) and one of 8 (4 real columns, 4 of padding).
        let blocks = DenseChipEvaluator.sparseBlocks(count: 100)
        #expect(blocks.map(\.first) == [0, 16, 32, 48, 64, 80, 96])
        #expect(blocks.map(\.width) == [16, 16, 16, 16, 16, 16, 8])
        #expect(DenseChipEvaluator.sparseBlocks(count: 1).map(\.width) == [8])
        #expect(DenseChipEvaluator.sparseBlocks(count: 24).map(\.width) == [16, 8])
        #expect(DenseChipEvaluator.sparseBlocks(count: 25).map(\.width) == [16, 16])
        #expect(DenseChipEvaluator.sparseBlocks(count: 0).isEmpty)
    }

    /// Sparse ReLU chips where many units are 0 on every input (biases of −5), with biases of −0 and +0: the
    /// re-evaluation that leaves out silent sources gives the bits of the full evaluation (which reads every term)
    /// after every change.
    @Test func silentSourcesAreLeftOutBitForBitEvenWithNegativeZeroBiases() {
        var rng = Xoshiro256(seed: 77)
        let relu = Activation(.relu, lipschitz: 1)
        var evaluations = 0
        for trial in 0..<40 {
            var width = 3 + rng.nextIndex(6)
            var hidden = [Layer]()
            for _ in 0..<(2 + rng.nextIndex(2)) {
                let n = 4 + rng.nextIndex(12)
                let lists = (0..<n).map { _ in (0..<width).filter { _ in rng.nextUnit() < 0.6 } }
                let c = SparseConnectivity(inputs: width, fanIn: lists)
                let bias = (0..<n).map { _ -> Double in
                    switch rng.nextIndex(4) {
                    case 0: return -0.0
                    case 1: return 0
                    case 2: return -5
                    default: return rng.nextNormal(mean: 0, std: 1)
                    }
                }
                // After the first layer, leaky ReLUs sometimes: they pass −0 on (−0 ≥ 0), so a sum that ends at −0
                // where the full one ends at +0 shows in the outputs.
                let leaky = !hidden.isEmpty && rng.nextUnit() < 0.5
                hidden.append(Layer(
                    sparse: c, weights: (0..<c.synapseCount).map { _ in rng.nextNormal(mean: 0, std: 1) }, bias: bias,
                    activation: leaky ? Activation(.leakyRelu, lipschitz: 1, alpha: 0.1) : relu))
                width = n
            }
            let readout = Layer(
                inputs: width, outputs: 2, weights: (0..<(2 * width)).map { _ in abs(rng.nextNormal(mean: 0, std: 1)) },
                bias: [-0.0, 0], activation: nil)
            let chip = Chip(name: "silent", inputDomain: .unit, hidden: hidden, readout: readout)
            let inputs = InputBatch.uniform(count: 1 + rng.nextIndex(40), dimension: chip.inputCount, domain: .unit,
                seed: UInt64(trial))
            let reference = Evaluator(chip: chip)
            let prepared = reference.prepare(inputs)
            let evaluator = DenseEvaluatorFactory(chip: chip, inputs: inputs, threads: 1 + trial % 2).makeEvaluator()
            var faults = FaultSet(pristine: chip)
            for step in 0..<12 {
                let changes = Self.randomChanges(chip, &rng)
                for change in changes {
                    evaluator.apply(change)
                    faults.apply(change, chip: chip)
                }
                let full = reference.outputs(prepared, faults: faults)
                #expect(Self.bits(evaluator.outputs()) == Self.bits(full), "trial \(trial) step \(step) after \(changes)")
                evaluations += 1
            }
        }
        #expect(evaluations == 480)
    }

    /// σ never outputs 0, so a crashed sigmoid neuron changes what it sends on every input.
    static let sigmoid = Activation(.sigmoid, lipschitz: 1)

    @Test func aCrashInTheLastHiddenLayerRecomputesOnlyItsRowAndTheReadout() throws {
        let chip = Chip.random(inputs: 4, widths: [6, 5, 4], outputs: 3, activation: Self.sigmoid, seed: 5)
        let inputs = InputBatch.uniform(count: 70, dimension: 4, domain: .unit, seed: 3)
        let evaluator = try #require(
            DenseEvaluatorFactory(chip: chip, inputs: inputs, threads: 1).makeEvaluator() as? DenseChipEvaluator)
        evaluator.apply(.neuron(NeuronID(layer: 3, index: 2), .crashed))
        let faulty = evaluator.outputs()
        #expect(evaluator.recomputedRows == 1 + 3, "the neuron's own row, then the 3 outputs")
        #expect(faulty == Evaluator(chip: chip).outputs(inputs, faults: evaluator.faults))
        // A crash in the first layer reaches everything after it: 1 + 5 + 4 + 3 more rows.
        evaluator.apply(.neuron(NeuronID(layer: 1, index: 0), .crashed))
        _ = evaluator.outputs()
        #expect(evaluator.recomputedRows == 4 + 1 + 5 + 4 + 3)
        // Nothing changed: nothing recomputed.
        _ = evaluator.outputs()
        #expect(evaluator.recomputedRows == 17)
    }

    @Test func aReluThatStaysAtZeroStopsTheChange() throws {
        // Neuron 1 of the hidden layer has bias −100 on inputs in [0, 1]: it outputs 0 for every input, so its
        // crash changes no value and the readout is not recomputed.
        let hidden = Layer(
            inputs: 2, outputs: 2, weights: [1, 2, 1, 1], bias: [0.5, -100], activation: Activation(.relu, lipschitz: 1))
        let readout = Layer(inputs: 2, outputs: 1, weights: [3, 7], bias: [0.25], activation: nil)
        let chip = Chip(name: "stops", inputDomain: .unit, hidden: [hidden], readout: readout)
        let inputs = InputBatch.uniform(count: 20, dimension: 2, domain: .unit, seed: 4)
        let evaluator = try #require(
            DenseEvaluatorFactory(chip: chip, inputs: inputs).makeEvaluator() as? DenseChipEvaluator)
        let pristine = evaluator.outputs()
        evaluator.apply(.neuron(NeuronID(layer: 1, index: 1), .crashed))
        #expect(evaluator.outputs() == pristine)
        #expect(evaluator.recomputedRows == 1)
        evaluator.apply(.neuron(NeuronID(layer: 1, index: 0), .crashed))
        let crashed = evaluator.outputs()
        #expect(evaluator.recomputedRows == 1 + 1 + 1)
        // Both hidden neurons send 0: every output is the readout's bias.
        #expect(crashed == [Double](repeating: 0.25, count: 20))
    }

    @Test func aSparseCrashRecomputesOnlyTheNeuronsItFeeds() throws {
        // Unit n1.0 feeds only n2.1 (of 3); n2.1 feeds both outputs.
        let first = SparseConnectivity(inputs: 2, fanIn: [[0], [0, 1], [1]])
        let second = SparseConnectivity(inputs: 3, fanIn: [[1, 2], [0, 2], [1]])
        let chip = Chip(
            name: "sparse", inputDomain: .unit,
            hidden: [
                Layer(sparse: first, weights: [0.5, -1, 2, 1.5], bias: [0.1, 0.2, 0.3], activation: Self.sigmoid),
                Layer(sparse: second, weights: [1, -2, 3, 0.5, -1], bias: [0, 0.1, 0.2], activation: Self.sigmoid),
            ],
            readout: Layer(inputs: 3, outputs: 2, weights: [1, 2, 3, -1, -2, -3], bias: [0, 1], activation: nil))
        let inputs = InputBatch.uniform(count: 30, dimension: 2, domain: .unit, seed: 6)
        let evaluator = try #require(
            DenseEvaluatorFactory(chip: chip, inputs: inputs).makeEvaluator() as? DenseChipEvaluator)
        evaluator.apply(.neuron(NeuronID(layer: 1, index: 0), .crashed))
        #expect(evaluator.outputs() == Evaluator(chip: chip).outputs(inputs, faults: evaluator.faults))
        #expect(evaluator.recomputedRows == 1 + 1 + 2, "n1.0, n2.1, then the 2 outputs (the full path: 1 + 3 + 2)")
    }
}

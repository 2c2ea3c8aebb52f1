import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailEngine

@Suite struct EvaluatorTests {
    @Test func pristineHandChipGivesTheHandComputedOutputs() throws {
        let evaluator = Evaluator(chip: try handChip())
        let none = FaultSet(depth: 2)
        #expect(evaluator.output(for: [1, 0], faults: none) == [-3])
        #expect(evaluator.output(for: [0, 1], faults: none) == [-1.5])
        #expect(evaluator.output(for: [0.5, 0.5], faults: none) == [-3])
        #expect(evaluator.outputs(handInputs, faults: none) == [-3, -1.5, -3])
    }

    @Test func crashedNeuronContributesNothing() throws {
        let evaluator = Evaluator(chip: try handChip())
        // Neuron 0 of layer 1 crashed: g = relu(h2), relu(−h2).
        let faults = FaultSet(neurons: [[0], []])
        #expect(evaluator.outputs(handInputs, faults: faults) == [0, 1.5, 0.5])
    }

    @Test func crashedSigmoidNeuronOutputsZeroNotOneHalf() {
        let sigmoid = Activation(.sigmoid, lipschitz: 1)
        let chip = Chip(
            name: "1-1-1", hidden: [Layer(inputs: 1, outputs: 1, weights: [1], bias: [0], activation: sigmoid)],
            readout: Layer(inputs: 1, outputs: 1, weights: [1], bias: [0], activation: nil))
        let evaluator = Evaluator(chip: chip)
        #expect(evaluator.output(for: [0], faults: FaultSet(depth: 1)) == [0.5])
        #expect(evaluator.output(for: [0], faults: FaultSet(neurons: [[0]])) == [0])
    }

    @Test func crashedSynapseDeliversNothing() throws {
        let evaluator = Evaluator(chip: try handChip())
        // The synapse x2 → h1 (weight 2, flat index 0·2 + 1) crashed: h1 = relu(x1).
        let faults = FaultSet(neurons: [[], []], synapses: [[1], [], []])
        #expect(evaluator.outputs(handInputs, faults: faults) == [-3, 1.5, 0])
    }

    @Test(arguments: Activation.Function.allCases)
    func batchedOutputsEqualThePlainPathOnRandomChips(_ function: Activation.Function) {
        var rng = Xoshiro256(seed: 7)
        for (trial, widths) in [[5], [6, 4], [5, 4, 3]].enumerated() {
            let chip = randomChip(4, widths, 3, function, seed: UInt64(trial))
            let evaluator = Evaluator(chip: chip)
            let inputs = InputBatch.uniform(count: 70, dimension: 4, domain: .unit, seed: UInt64(trial))
            for _ in 0..<4 {
                let faults = randomFaults(
                    chip, neurons: widths.map { min(2, $0) }, synapses: chip.allLayers.map { min(3, $0.synapseCount) },
                    rng: &rng)
                let batched = evaluator.outputs(inputs, faults: faults)
                let plain = (0..<inputs.count).flatMap { evaluator.output(for: Array(inputs.row($0)), faults: faults) }
                // The same sums in the same order: equal to the last bit.
                #expect(batched == plain)
            }
        }
    }

    @Test func matrixKernelHandlesInputCountsOffTheVectorWidth() {
        // 21 inputs: one 16-wide vector pass and a 5-input scalar remainder.
        let chip = randomChip(5, [4], 2, seed: 9)
        let evaluator = Evaluator(chip: chip)
        let inputs = InputBatch.uniform(count: 21, dimension: 5, domain: .unit, seed: 10)
        var source = [Double](repeating: 0, count: 5 * 21)
        for i in 0..<21 { for s in 0..<5 { source[s * 21 + i] = inputs.values[i * 5 + s] } }
        var target = [Double](repeating: 0, count: 4 * 21)
        let crashed = [1, 7]  // synapses 0 ← 1 and 1 ← 2
        source.withUnsafeBufferPointer { a in
            target.withUnsafeMutableBufferPointer { z in
                evaluator.applyMatrix(
                    0, source: a.baseAddress!, sourceStride: 21, target: z.baseAddress!, targetStride: 21, count: 21,
                    crashed: crashed, dead: [false, false, true, false])
            }
        }
        let layer = chip.hidden[0]
        for i in 0..<21 {
            for t in 0..<4 {
                var z = layer.bias[t]
                for s in 0..<5 where !crashed.contains(t * 5 + s) { z += layer.weights[t * 5 + s] * inputs.values[i * 5 + s] }
                #expect(target[t * 21 + i] == (t == 2 ? 0 : layer.activation!(z)))
            }
        }
    }

    @Test func outputsDoNotDependOnTheThreadCount() {
        let chip = randomChip(6, [8, 5], 2, seed: 3)
        let evaluator = Evaluator(chip: chip)
        let inputs = InputBatch.uniform(count: 300, dimension: 6, domain: .unit, seed: 4)
        let faults = FaultSet(neurons: [[1, 6], [2]], synapses: [[3], [], [1]])
        let one = evaluator.outputs(inputs, faults: faults, threads: 1)
        #expect(evaluator.outputs(inputs, faults: faults, threads: 2) == one)
        #expect(evaluator.outputs(inputs, faults: faults, threads: 3) == one)
    }

    /// The linear path's a_L alone equals the table's a_L bit for bit: dense (every row through the four-row kernel
    /// and the single-row remainder), sparse and convolutional chips, input counts on and off whole blocks, any
    /// thread count.
    @Test func lastLayerAloneEqualsTheTablesLastLayerBitForBit() {
        var rng = Xoshiro256(seed: 77)
        var chips = [randomChip(6, [9, 7], 2, seed: 5), randomChip(3, [4], 1, .sigmoid, seed: 6)]
        for _ in 0..<6 { chips.append(SparseChips.random(&rng)) }
        for _ in 0..<3 { chips.append(ConvolutionalChips.random(&rng)) }
        var checked = 0
        for (c, chip) in chips.enumerated() {
            let evaluator = Evaluator(chip: chip)
            for m in [1, 63, 64, 130] {
                let inputs = InputBatch.uniform(count: m, dimension: chip.inputCount, domain: .unit, seed: UInt64(c * 1000 + m))
                let table = evaluator.pristineActivations(inputs, threads: 2)
                let depth = chip.depth
                for threads in [1, 2, 3] {
                    let last = evaluator.pristineLastLayer(inputs, threads: threads)
                    #expect(last.stride == table.stride)
                    for s in 0..<chip.widths[depth - 1] {
                        for i in 0..<m {
                            let alone = last.values[s * last.stride + i]
                            let whole = table.values[table.offsets[depth] + s * table.stride + i]
                            #expect(alone.bitPattern == whole.bitPattern, "chip \(c), \(m) inputs, neuron \(s), input \(i)")
                        }
                    }
                    checked += 1
                }
            }
        }
        #expect(checked == chips.count * 12)
    }
}

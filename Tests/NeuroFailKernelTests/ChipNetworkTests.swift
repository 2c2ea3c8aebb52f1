import NeuroFailCore
import Testing

@testable import NeuroFailKernel

struct ChipNetworkTests {
    static func handChip() throws -> Chip { try Chip.load(path: repositoryPath("Chips/hand-2-2-1.json")) }

    // Chips/hand-2-2-1.json, relu with K = 1:
    //   layer 1: W = [[1, 2], [-1, 1]], b = [0, 0.5]; layer 2: W = [[1, 1], [2, -1]], b = [0, 0];
    //   readout: W = [[1, -2]], b = [0].
    // x = (1, 0.5):
    //   s¹ = (1·1 + 2·0.5 + 0, −1·1 + 1·0.5 + 0.5) = (2, 0)   → y¹ = (2, 0)
    //   s² = (1·2 + 1·0, 2·2 − 1·0) = (2, 4)                → y² = (2, 4)
    //   out = 1·2 − 2·4 = −6
    // x = (0.5, 0.5):
    //   s¹ = (0.5 + 1, −0.5 + 0.5 + 0.5) = (1.5, 0.5)        → y¹ = (1.5, 0.5)
    //   s² = (1.5 + 0.5, 3 − 0.5) = (2, 2.5)                  → y² = (2, 2.5)
    //   out = 2 − 5 = −3
    //   n1.1 crashed: y¹ = (1.5, 0) → s² = (1.5, 3) → out = 1.5 − 6 = −4.5
    //   synapse s2.1.0 (n1.0 → n2.1, w = 2) crashed: s²₁ = −0.5 → y² = (2, 0) → out = 2
    @Test func handCheckedOutputs() throws {
        let network = ChipNetwork(chip: try Self.handChip())
        #expect(try network.infer([1, 0.5]) == [-6])
        #expect(try network.infer([0.5, 0.5]) == [-3])
        try network.setState(.crashed, of: NeuronID(layer: 1, index: 1))
        #expect(try network.infer([0.5, 0.5]) == [-4.5])
        try network.setState(.alive, of: NeuronID(layer: 1, index: 1))
        try network.setState(.crashed, of: SynapseID(layer: 2, target: 1, source: 0))
        #expect(try network.infer([0.5, 0.5]) == [2])
    }

    // Pristine hand chip: 2·2 + 2·2 + 2·1 = 10 synapses, so 10 sends to synapses, 10 synaptic deliveries,
    // and 4 round-closing events (rounds 0...3).
    @Test func countsMessagesAndEventsOfOneInference() throws {
        let network = ChipNetwork(chip: try Self.handChip())
        _ = try network.infer([1, 0.5])
        #expect(network.synapticMessagesDelivered == 10)
        #expect(network.messagesDelivered == 20)
        #expect(network.eventsProcessed == 24)
        #expect(network.now == 3 && network.inferenceCount == 1)
    }

    @Test func crashedNeuronSendsNothing() throws {
        let network = ChipNetwork(chip: try Self.handChip())
        try network.setState(.crashed, of: NeuronID(layer: 1, index: 1))
        _ = try network.infer([0.5, 0.5])
        // n1.1 has two outgoing synapses: 2 sends and 2 deliveries fewer than the pristine 10 + 10.
        #expect(network.messagesDelivered == 16)
        #expect(network.synapticMessagesDelivered == 8)
        #expect(network.state(of: NeuronID(layer: 1, index: 1)) == .crashed)
    }

    @Test func crashedSynapseDeliversNothing() throws {
        let network = ChipNetwork(chip: try Self.handChip())
        try network.setState(.crashed, of: SynapseID(layer: 3, target: 0, source: 1))
        // The readout then sees only y²₀ = 2 (x = (1, 0.5)): out = 2 instead of −6.
        #expect(try network.infer([1, 0.5]) == [2])
        // The sender still sends on it (19 messages reach a process) but it delivers nothing (9, not 10).
        #expect(network.messagesDelivered == 19)
        #expect(network.synapticMessagesDelivered == 9)
    }

    @Test func allNeuronsOfALayerCrashedLeavesOnlyBiases() throws {
        let chip = try Self.handChip()
        let network = try ChipNetwork(chip: chip, faults: FaultSet(neurons: [[0, 1], []]))
        // y¹ = 0, so s² = b² = (0, 0), y² = 0, out = readout bias 0.
        #expect(try network.infer([0.3, 0.9]) == [0])
    }

    @Test func equalsDenseForwardPassOnRandomChipsWithFaultsInEveryLayer() throws {
        var rng = Xoshiro256(seed: 2024)
        var checked = 0
        for seed in UInt64(0)..<240 {
            let depth = 1 + Int(seed % 4)
            let widths = (0..<depth).map { _ in 1 + rng.nextIndex(6) }
            let function = Activation.Function.allCases[Int(seed) % Activation.Function.allCases.count]
            let activation = Activation(function, lipschitz: 0.25 + 2 * rng.nextUnit())
            let chip = Chip.random(
                inputs: 1 + rng.nextIndex(4), widths: widths, outputs: 1 + rng.nextIndex(3), activation: activation,
                seed: seed)
            // At least one crash in every layer (neurons and synapses), more at random.
            var faults = FaultSet(pristine: chip)
            for (l, width) in chip.widths.enumerated() {
                faults.crash(NeuronID(layer: l + 1, index: rng.nextIndex(width)))
                for i in 0..<width where rng.nextIndex(5) == 0 { faults.crash(NeuronID(layer: l + 1, index: i)) }
            }
            for (l, layer) in chip.allLayers.enumerated() {
                for flat in [rng.nextIndex(layer.synapseCount)] + (0..<layer.synapseCount).filter({ _ in rng.nextIndex(6) == 0 }) {
                    faults.crash(SynapseID(layer: l + 1, target: flat / layer.inputs, source: flat % layer.inputs), on: chip)
                }
            }
            let network = try ChipNetwork(chip: chip, faults: faults)
            let reference = states(of: faults, on: chip)
            let batch = InputBatch.uniform(count: 3, dimension: chip.inputCount, domain: chip.inputDomain, seed: seed)
            let outputs = try network.infer(batch)
            for row in 0..<batch.count {
                let expected = denseForward(
                    chip, Array(batch.row(row)), neuronStates: reference.neurons, synapseStates: reference.synapses)
                let got = Array(outputs[(row * chip.outputCount)..<((row + 1) * chip.outputCount)])
                #expect(agree(got, expected), "seed \(seed) row \(row): \(got) vs \(expected)")
            }
            // The pristine chip too, through the single-input entry point.
            let pristine = ChipNetwork(chip: chip)
            let x = Array(batch.row(0))
            let clean = states(of: FaultSet(pristine: chip), on: chip)
            #expect(agree(try pristine.infer(x), denseForward(chip, x, neuronStates: clean.neurons, synapseStates: clean.synapses)))
            checked += 1
        }
        #expect(checked == 240)
    }

    @Test func rejectsRequestsThatDoNotFitTheChip() throws {
        let chip = try Self.handChip()
        let network = ChipNetwork(chip: chip)
        #expect(throws: KernelError.inputDimension(expected: 2, got: 3)) { try network.infer([1, 2, 3]) }
        #expect(throws: KernelError.inputDimension(expected: 2, got: 1)) {
            try network.infer(InputBatch(count: 2, dimension: 1, values: [0, 1]))
        }
        #expect(throws: KernelError.noSuchNeuron(NeuronID(layer: 3, index: 0))) {
            try network.setState(.crashed, of: NeuronID(layer: 3, index: 0))
        }
        #expect(throws: KernelError.noSuchNeuron(NeuronID(layer: 1, index: 2))) {
            try network.setState(.crashed, of: NeuronID(layer: 1, index: 2))
        }
        #expect(throws: KernelError.noSuchSynapse(SynapseID(layer: 3, target: 1, source: 0))) {
            try network.setState(.crashed, of: SynapseID(layer: 3, target: 1, source: 0))
        }
        #expect(throws: KernelError.faultSetDoesNotFit(chipName: chip.name)) {
            try ChipNetwork(chip: chip, faults: FaultSet(depth: 3))
        }
        #expect(network.state(of: NeuronID(layer: 0, index: 0)) == nil)
        #expect(network.state(of: SynapseID(layer: 1, target: 0, source: 5)) == nil)
    }

    @Test func batchInferenceEqualsOneInferenceAtATime() throws {
        let chip = Chip.random(inputs: 3, widths: [4, 3], outputs: 2, activation: Activation(.sigmoid, lipschitz: 1), seed: 9)
        let batch = InputBatch.uniform(count: 5, dimension: 3, domain: .unit, seed: 1)
        let network = ChipNetwork(chip: chip)
        let together = try network.infer(batch)
        var apart: [Double] = []
        for row in 0..<batch.count { apart += try network.infer(Array(batch.row(row))) }
        #expect(together == apart)
        #expect(network.inferenceCount == 10 && network.now == 30)
    }

    // The benchmark chip: d = 10, 50-50-50, M = 10 has 10·50 + 50·50 + 50·50 + 50·10 = 6,000 synapses and
    // 5 rounds (0...4) per inference.
    @Test func benchmarkCountsEveryMessageOfTheChip() {
        let run = ChipNetwork.benchmarkMessagesPerSecond(inferences: 3)
        #expect(run.synapticMessages == 3 * 6_000)
        #expect(run.messages == 2 * run.synapticMessages)
        #expect(run.events == run.messages + 3 * 5)
        #expect(run.seconds > 0 && run.synapticMessagesPerSecond > 0 && run.cpuSeconds >= 0)
    }
}

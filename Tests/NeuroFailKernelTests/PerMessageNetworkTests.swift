import NeuroFailCore
import NeuroFailTestSupport
import Testing

@testable import NeuroFailKernel

/// The per-message network is the plain form of the batched one: an object per component, one queue entry per
/// message, no unsafe code. The batched `ChipNetwork` must give the same output bits and count the same messages.
struct PerMessageNetworkTests {
    /// A random state: mostly alive, else crashed, stuck or upset for one inference.
    static func draw(_ rng: inout Xoshiro256) -> ComponentState {
        switch rng.nextIndex(8) {
        case 0: .crashed
        case 1: .stuckAt(rng.nextNormal())
        case 2: .transient(rng.nextNormal())
        default: .alive
        }
    }

    /// Puts random components of `chip` in random states in both networks; with `all`, every component.
    static func upset(_ chip: Chip, _ batched: ChipNetwork, _ plain: PerMessageNetwork, all: Bool, _ rng: inout Xoshiro256) throws {
        for (l, width) in chip.widths.enumerated() {
            for i in 0..<width where all || rng.nextIndex(4) == 0 {
                let state = draw(&rng)
                try batched.setState(state, of: NeuronID(layer: l + 1, index: i))
                plain.setState(state, ofNeuron: i, layer: l + 1)
            }
        }
        for (l, layer) in chip.allLayers.enumerated() {
            for number in 0..<layer.synapseCount where all || rng.nextIndex(4) == 0 {
                let state = draw(&rng)
                try batched.setState(state, of: chip.synapse(layer: l + 1, index: number))
                plain.setState(state, ofSynapse: number, layer: l + 1)
            }
        }
    }

    /// Outputs, message counts and event counts of both networks over several batches, with states changing between
    /// them (transient upsets healing after one inference).
    static func compare(_ chip: Chip, seed: UInt64, _ rng: inout Xoshiro256) throws {
        let batched = ChipNetwork(chip: chip)
        let plain = PerMessageNetwork(chip: chip)
        for step in 0..<3 {
            try upset(chip, batched, plain, all: step == 1, &rng)
            let inputs = InputBatch.uniform(count: 3, dimension: chip.inputCount, domain: chip.inputDomain, seed: seed + UInt64(step))
            let (a, b) = (try batched.infer(inputs), plain.infer(inputs))
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "seed \(seed) step \(step): \(a) vs \(b)")
            #expect(batched.synapticMessagesDelivered == plain.synapticMessagesDelivered, "seed \(seed) step \(step)")
            #expect(batched.messagesDelivered == plain.messagesDelivered, "seed \(seed) step \(step)")
            #expect(batched.eventsProcessed == plain.eventsProcessed, "seed \(seed) step \(step)")
            #expect(batched.now == plain.environment.now)
        }
    }

    @Test func batchedNetworkEqualsPerMessageNetworkOnRandomDenseChipsInEveryState() throws {
        var rng = Xoshiro256(seed: 1414)
        for seed in UInt64(0)..<120 {
            let depth = 1 + Int(seed % 4)
            let function = Activation.Function.allCases[Int(seed) % Activation.Function.allCases.count]
            let chip = Chip.random(
                inputs: 1 + rng.nextIndex(5), widths: (0..<depth).map { _ in 1 + rng.nextIndex(7) },
                outputs: 1 + rng.nextIndex(3), activation: Activation(function, lipschitz: 0.25 + 2 * rng.nextUnit()),
                seed: seed)
            try Self.compare(chip, seed: seed, &rng)
        }
    }

    @Test func batchedNetworkEqualsPerMessageNetworkOnRandomConvolutionalChipsInEveryState() throws {
        var rng = Xoshiro256(seed: 1415)
        for seed in UInt64(0)..<40 {
            let chip = ConvolutionalChips.random(&rng, size: seed % 2 == 0 ? .small : .medium)
            try Self.compare(chip, seed: seed, &rng)
        }
    }

    /// Sparse chips (`SparseChips.random`, empty rows included): the batched layers built from the CSR synapses
    /// without a list per neuron deliver the same bits as a process per synapse.
    @Test func batchedNetworkEqualsPerMessageNetworkOnRandomSparseChipsInEveryState() throws {
        var rng = Xoshiro256(seed: 1416)
        for seed in UInt64(0)..<80 {
            let chip = SparseChips.random(&rng)
            try Self.compare(chip, seed: seed, &rng)
        }
    }

    // Hand chip (ChipNetworkTests), x = (1, 0.5): 10 synapses, 4 round-closing events; the per-message queue
    // processes 24 entries, the batched one 4 closes and 3 batches.
    @Test func perMessageQueueHoldsAnEntryPerMessageWhereTheBatchedHoldsOnePerRound() throws {
        let chip = try ChipNetworkTests.handChip()
        let plain = PerMessageNetwork(chip: chip)
        #expect(plain.infer(InputBatch(count: 1, dimension: 2, values: [1, 0.5])) == [-6])
        #expect(plain.environment.eventsProcessed == 24 && plain.messagesDelivered == 20)
        let batched = ChipNetwork(chip: chip)
        _ = try batched.infer([1, 0.5])
        #expect(batched.queueEntriesProcessed == 7 && batched.eventsProcessed == 24)
    }
}

import Dispatch
import NeuroFailCore

extension ChipNetwork {
    /// What a throughput measurement saw.
    public struct Throughput: Sendable, Hashable {
        /// Messages delivered by synapses to neurons.
        public var synapticMessages: Int
        /// All messages delivered (neuron or input to synapse, and synapse to neuron).
        public var messages: Int
        /// Queue entries processed (messages and round-closing events).
        public var events: Int
        /// Wall-clock seconds spent in inference.
        public var seconds: Double

        /// Synaptic messages per second on the one core that ran them.
        public var synapticMessagesPerSecond: Double { seconds > 0 ? Double(synapticMessages) / seconds : 0 }
    }

    /// Measures message throughput on one thread: builds a seeded random chip (by default d = 10, three hidden
    /// layers of 50 ReLU neurons, M = 10: 150 neurons, 6,000 synapses), runs `inferences` inferences on uniform
    /// inputs, and times them. Build with `-c release` for a meaningful figure.
    public static func benchmarkMessagesPerSecond(
        inputs: Int = 10, widths: [Int] = [50, 50, 50], outputs: Int = 10, inferences: Int = 500, seed: UInt64 = 1
    ) -> Throughput {
        let chip = Chip.random(
            inputs: max(1, inputs), widths: widths.isEmpty ? [1] : widths.map { max(1, $0) },
            outputs: max(1, outputs), activation: Activation(.relu, lipschitz: 1), seed: seed)
        let batch = InputBatch.uniform(
            count: max(1, inferences), dimension: chip.inputCount, domain: chip.inputDomain, seed: seed)
        // A fault-free chip always fits its own (pristine) fault set.
        guard let network = try? ChipNetwork(chip: chip) else {
            return Throughput(synapticMessages: 0, messages: 0, events: 0, seconds: 0)
        }
        _ = try? network.infer(Array(batch.row(0)))  // warm up: queue storage reaches its working size
        let (messages0, synaptic0, events0) =
            (network.messagesDelivered, network.synapticMessagesDelivered, network.eventsProcessed)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try? network.infer(batch)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Throughput(
            synapticMessages: network.synapticMessagesDelivered - synaptic0,
            messages: network.messagesDelivered - messages0, events: network.eventsProcessed - events0,
            seconds: elapsed)
    }
}

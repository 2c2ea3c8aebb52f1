import Dispatch
import NeuroFailCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ChipNetwork {
    /// What a throughput measurement saw.
    public struct Throughput: Sendable, Hashable {
        /// Messages delivered by synapses to neurons.
        public var synapticMessages: Int
        /// All messages delivered (neuron or input to synapse, and synapse to neuron).
        public var messages: Int
        /// Events of the rounds: messages delivered and round-closing events (what a queue with one entry per message
        /// processes).
        public var events: Int
        /// Entries the queue processed: per inference, the round-closing events and one batch of messages per round.
        public var queueEntries: Int
        /// Wall-clock seconds spent in inference.
        public var seconds: Double
        /// CPU seconds the measuring thread spent in inference: on a shared machine, the time the core was ours.
        public var cpuSeconds: Double

        /// Synaptic messages per wall-clock second.
        public var synapticMessagesPerSecond: Double { seconds > 0 ? Double(synapticMessages) / seconds : 0 }
        /// Synaptic messages per second of CPU time: the throughput of one core, whatever else runs beside it.
        public var synapticMessagesPerCPUSecond: Double {
            cpuSeconds > 0 ? Double(synapticMessages) / cpuSeconds : 0
        }
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
        let network = ChipNetwork(chip: chip)
        _ = try? network.infer(Array(batch.row(0)))  // warm up: queue storage reaches its working size, caches fill
        let (messages0, synaptic0, events0, entries0) = (
            network.messagesDelivered, network.synapticMessagesDelivered, network.eventsProcessed,
            network.queueEntriesProcessed
        )
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = threadCPUSeconds()
        _ = try? network.infer(batch)
        let cpu = threadCPUSeconds() - cpuStart
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Throughput(
            synapticMessages: network.synapticMessagesDelivered - synaptic0,
            messages: network.messagesDelivered - messages0, events: network.eventsProcessed - events0,
            queueEntries: network.queueEntriesProcessed - entries0, seconds: elapsed, cpuSeconds: cpu)
    }

    /// The CPU time of the calling thread, in seconds (0 where the clock is unavailable).
    private static func threadCPUSeconds() -> Double {
        #if canImport(Glibc) || canImport(Darwin)
            var time = timespec()
            guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        #else
            return 0
        #endif
    }
}

import NeuroFailCore
import Testing

@testable import NeuroFailKernel

/// One neuron between test-driven messages and a recording sink.
struct NeuronProcessTests {
    /// A neuron with bias 0.5 and φ = relu_2 (or linear), wired to a recorder, plus the environment.
    static func rig(activation: Activation? = Activation(.relu, lipschitz: 2)) -> (Environment<Double>, NeuronProcess, Recorder) {
        let env = Environment<Double>()
        let sink = Recorder("sink")
        let sinkID = env.register(sink)
        let neuron = NeuronProcess(layer: 1, index: 4, bias: 0.5, activation: activation)
        neuron.id = env.register(neuron)
        neuron.outgoing = [sinkID]
        return (env, neuron, sink)
    }

    /// Delivers `values` to the neuron now, then closes the round now at late priority.
    static func round(_ env: Environment<Double>, _ neuron: NeuronProcess, _ values: [Double]) {
        for (k, v) in values.enumerated() { env.send(Message(sender: neuron.id, port: k, value: v), to: neuron.id) }
        env.wait(neuron.id, on: env.timeout(0, priority: .late))
        env.run()
    }

    @Test func neuronFiresOnceWhenTheRoundClosesCountingMissingMessagesAsZero() {
        let (env, neuron, sink) = Self.rig()
        Self.round(env, neuron, [1, 0.25])
        // φ(1 + 0.25 + 0.5) = 2 · 1.75 = 3.5, sent for the next round (t = 1), on port 4 (the neuron's index).
        #expect(sink.messages.map(\.value) == [3.5] && sink.times == [1] && sink.messages.first?.port == 4)
        // A round where nothing arrives: every message missing counts 0, y = φ(0.5) = 1.
        Self.round(env, neuron, [])
        #expect(sink.messages.map(\.value) == [3.5, 1] && sink.times == [1, 2])
        #expect(neuron.received == 2)
    }

    @Test func crashedNeuronSendsNothing() {
        let (env, neuron, sink) = Self.rig()
        neuron.state = .crashed
        Self.round(env, neuron, [1, 2, 3])
        #expect(sink.messages.isEmpty && neuron.output == 0)
    }

    @Test func stuckNeuronSendsItsValueWhateverItReceives() {
        let (env, neuron, sink) = Self.rig()
        neuron.state = .stuckAt(-7)
        Self.round(env, neuron, [100])
        Self.round(env, neuron, [])
        #expect(sink.messages.map(\.value) == [-7, -7])
    }

    @Test func readoutNeuronIsLinear() {
        let (env, neuron, sink) = Self.rig(activation: nil)
        Self.round(env, neuron, [-3, 1])
        #expect(sink.messages.map(\.value) == [-1.5] && neuron.output == -1.5)
    }
}

import NeuroFailCore
import Testing

@testable import NeuroFailKernel

/// One layer of neurons between test-written sums and a recording process standing for the synapses it feeds.
struct NeuronLayerTests {
    /// Layer 1 with biases (0.5, −1) and φ = relu_2 (or linear), its batch going to a recorder, plus the environment.
    static func rig(activation: Activation? = Activation(.relu, lipschitz: 2)) -> (Environment<Double>, NeuronLayer, Recorder) {
        let env = Environment<Double>()
        let sink = Recorder("synapses")
        let layer = NeuronLayer(layer: 1, bias: [0.5, -1], activation: activation)
        layer.outgoing = env.register(sink)
        layer.id = env.register(layer)
        return (env, layer, sink)
    }

    /// Adds `terms` to neuron 0's sum as deliveries would, then closes the round now at late priority.
    static func round(_ env: Environment<Double>, _ layer: NeuronLayer, _ terms: [Double]) {
        for t in terms { layer.sums[0] += t }
        env.wait(layer.id, on: env.timeout(0, priority: .late))
        env.run()
    }

    @Test func layerFiresOnceWhenTheRoundClosesAndSendsOneBatchForTheNextRound() {
        let (env, layer, sink) = Self.rig()
        Self.round(env, layer, [1, 0.25])
        // Neuron 0: φ(1 + 0.25 + 0.5) = 2 · 1.75 = 3.5; neuron 1 got nothing (a missing message counts 0):
        // φ(0 − 1) = 0, still sent.
        #expect(layer.outputs == [3.5, 0] && layer.sent == [true, true] && layer.sums == [0, 0])
        // One batch event, due one round later, reaches the synapses.
        #expect(sink.log == ["synapses@1.0:messages of layer 1"] && layer.firings == 1)
        Self.round(env, layer, [])
        #expect(layer.outputs == [1, 0] && sink.times == [1, 2])
    }

    @Test func crashedNeuronSendsNothing() {
        let (env, layer, _) = Self.rig()
        layer.states[0] = .crashed
        Self.round(env, layer, [1, 2, 3])
        #expect(layer.outputs == [0, 0] && layer.sent == [false, true] && layer.sums == [0, 0])
    }

    @Test func stuckOrUpsetNeuronSendsItsValueWhateverItReceives() {
        let (env, layer, _) = Self.rig()
        layer.states = [.stuckAt(-7), .transient(4)]
        Self.round(env, layer, [100])
        #expect(layer.outputs == [-7, 4] && layer.sent == [true, true])
    }

    @Test func readoutNeuronIsLinear() {
        let (env, layer, _) = Self.rig(activation: nil)
        Self.round(env, layer, [-3, 1])
        #expect(layer.outputs == [-1.5, -1])
    }

    @Test func inputPortsSendExactlyWhatWasPresented() {
        let ports = NeuronLayer(inputs: 3)
        ports.present([-0.0, 0.75, -2])
        ports.fire()
        // −0 stays −0: the ports add no bias.
        #expect(ports.outputs.map(\.bitPattern) == [(-0.0).bitPattern, 0.75.bitPattern, (-2.0).bitPattern])
        #expect(ports.sent == [true, true, true] && ports.count == 3)
    }
}

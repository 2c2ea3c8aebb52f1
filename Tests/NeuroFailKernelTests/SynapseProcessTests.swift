import Testing

@testable import NeuroFailKernel

struct SynapseProcessTests {
    /// A synapse of weight 2 into a recorder, and a message carrying 1.5 on port 3 sent to it for t = 1.
    static func rig(_ state: ComponentState) -> (Environment<Double>, Recorder) {
        let env = Environment<Double>()
        let sink = Recorder("target")
        let synapse = SynapseProcess(weight: 2, target: env.register(sink))
        synapse.id = env.register(synapse)
        synapse.state = state
        env.send(Message(sender: ProcessID(index: 0), port: 3, value: 1.5), to: synapse.id, delay: 1)
        env.run()
        return (env, sink)
    }

    @Test func deliversWeightTimesValueToItsTargetInTheSameRound() {
        let (env, sink) = Self.rig(.alive)
        #expect(sink.messages.map(\.value) == [3] && sink.messages.first?.port == 3 && sink.times == [1])
        #expect(env.messagesDelivered == 2)
    }

    @Test func crashedSynapseDeliversNothing() {
        let (env, sink) = Self.rig(.crashed)
        #expect(sink.messages.isEmpty && env.messagesDelivered == 1)
    }

    @Test func stuckOrUpsetSynapseDeliversItsReplacedWeightTimesTheValue() {
        #expect(Self.rig(.stuckAt(-1)).1.messages.map(\.value) == [-1.5])
        #expect(Self.rig(.transient(4)).1.messages.map(\.value) == [6])
    }
}

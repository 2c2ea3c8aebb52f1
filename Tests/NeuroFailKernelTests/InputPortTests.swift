import Testing

@testable import NeuroFailKernel

struct InputPortTests {
    @Test func inputPortSendsItsValueOnEverySynapseInTheNextRound() {
        let env = Environment<Double>()
        let sinks = [Recorder("a"), Recorder("b")]
        let port = InputPort(index: 1)
        port.id = env.register(port)
        port.outgoing = sinks.map { env.register($0) }
        port.value = 0.75
        env.wait(port.id, on: env.timeout(0, priority: .late))
        env.run()
        for sink in sinks {
            #expect(sink.messages == [Message(sender: port.id, port: 1, value: 0.75)] && sink.times == [1])
        }
    }
}

import Testing

@testable import NeuroFailKernel

struct EventTests {
    @Test func newEventIsPendingWithoutValue() {
        let event = Event<Double>(name: "e")
        #expect(event.state == .pending && event.payload == nil && !event.isTriggered && event.name == "e")
    }

    @Test func timeoutIsTriggeredThenProcessed() {
        let env = Environment<Double>()
        let event = env.timeout(2, payload: 3)
        #expect(event.isTriggered && event.state == .triggered && event.payload == 3)
        env.run()
        #expect(event.state == .processed && env.now == 2)
    }

    @Test func callbackAddedDuringProcessingOfAnotherEventRunsWhenItsEventIsProcessed() {
        let env = Environment<Double>()
        let first = env.timeout(1)
        let second = env.timeout(2)
        var seen: [Double] = []
        first.addCallback { _, env in
            second.addCallback { _, env in seen.append(env.now) }
            seen.append(env.now)
        }
        env.run()
        #expect(seen == [1, 2])
    }
}

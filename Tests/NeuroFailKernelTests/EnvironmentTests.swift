import NeuroFailCore
import Testing

@testable import NeuroFailKernel

struct EnvironmentTests {
    @Test func eventsAtEqualTimeRunInPriorityThenSequenceOrder() {
        let env = Environment<Double>()
        var order: [String] = []
        let plan: [(String, Priority)] = [
            ("late-a", .late), ("normal-a", .normal), ("urgent-a", .urgent), ("late-b", .late),
            ("normal-b", .normal), ("urgent-b", .urgent), ("custom-7", Priority(rank: 7)), ("normal-c", .normal),
        ]
        for (name, priority) in plan {
            let event = Event<Double>(name: name)
            event.addCallback { e, _ in order.append(e.name) }
            env.schedule(event, delay: 3, priority: priority)
        }
        env.run()
        #expect(order == ["urgent-a", "urgent-b", "normal-a", "normal-b", "normal-c", "late-a", "late-b", "custom-7"])
        #expect(env.now == 3)
    }

    @Test func earlierTimesRunFirstWhateverThePriority() {
        let env = Environment<Double>()
        var order: [Double] = []
        for (delay, priority) in [(5.0, Priority.urgent), (1.0, .late), (3.0, .normal), (0.5, .late)] {
            env.timeout(delay, priority: priority).addCallback { _, env in order.append(env.now) }
        }
        env.run()
        #expect(order == [0.5, 1, 3, 5])
    }

    @Test func messagesReachTheirTargetWithSenderPortAndValue() {
        let env = Environment<Double>()
        let a = Recorder("a")
        let b = Recorder("b")
        let idA = env.register(a)
        let idB = env.register(b)
        env.send(Message(sender: idA, port: 4, value: 2.5), to: idB, delay: 1)
        env.send(Message(sender: idB, port: 9, value: -1), to: idA, delay: 2)
        env.run()
        #expect(b.messages == [Message(sender: idA, port: 4, value: 2.5)])
        #expect(a.messages == [Message(sender: idB, port: 9, value: -1)])
        #expect(b.times == [1] && a.times == [2])
        #expect(env.messagesDelivered == 2 && env.eventsProcessed == 2)
    }

    @Test func clockNeverGoesBackwards() {
        let env = Environment<Double>()
        var rng = Xoshiro256(seed: 42)
        let ids = (0..<8).map { _ in env.register(Recorder("p")) }
        var observed: [Double] = []
        var budget = 5_000
        for id in ids {
            guard let recorder = env.process(id) as? Recorder else { Issue.record("lost a process"); return }
            recorder.onMessage = { message, env in
                observed.append(env.now)
                guard budget > 0 else { return }
                budget -= 1
                // Fan out with random delays, some 0 (same instant), at random priorities.
                let delay = rng.nextIndex(3) == 0 ? 0 : rng.nextUnit() * 4
                let priority = Priority(rank: UInt8(rng.nextIndex(3)))
                env.send(message, to: ids[rng.nextIndex(ids.count)], delay: delay, priority: priority)
                if rng.nextIndex(4) == 0 {
                    env.send(message, to: ids[rng.nextIndex(ids.count)], delay: delay * 0.5, priority: priority)
                }
            }
        }
        for id in ids { env.send(Message(sender: id, port: 0, payload: 0), to: id, delay: 0) }
        env.run()
        #expect(observed.count > 5_000)
        #expect(zip(observed, observed.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func runIsDeterministic() {
        func trace() -> [String] {
            let env = Environment<Double>()
            var rng = Xoshiro256(seed: 7)
            let recorders = (0..<5).map { Recorder("r\($0)") }
            let ids = recorders.map { env.register($0) }
            for recorder in recorders {
                recorder.onMessage = { message, env in
                    guard env.eventsProcessed < 2_000 else { return }
                    let next = Message(sender: message.sender, port: message.port + 1, value: message.value * 0.5)
                    env.send(next, to: ids[rng.nextIndex(ids.count)], delay: Double(rng.nextIndex(3)))
                    env.send(next, to: ids[rng.nextIndex(ids.count)], delay: Double(rng.nextIndex(3)))
                }
            }
            for (k, id) in ids.enumerated() { env.send(Message(sender: id, port: 0, value: Double(k)), to: id) }
            env.run()
            return recorders.flatMap(\.log)
        }
        let first = trace()
        #expect(first.count > 1_000)
        #expect(first == trace())
    }

    @Test func runUntilLeavesEntriesDueAtTheLimitAndMovesTheClockThere() {
        let env = Environment<Double>()
        var fired: [Double] = []
        for t in [1.0, 2.0, 3.0] { env.timeout(t).addCallback { _, env in fired.append(env.now) } }
        #expect(env.run(until: 2) == 1)
        #expect(fired == [1] && env.now == 2)
        #expect(env.run(until: 1) == 0)
        #expect(env.now == 2)
        #expect(env.run(until: .nan) == 0)
        #expect(env.run(until: 10) == 2)
        #expect(fired == [1, 2, 3] && env.now == 10)
        #expect(env.nextTime == nil && env.pendingCount == 0)
    }

    @Test func stepProcessesOneEntryAndReportsAnEmptyQueue() {
        let env = Environment<Double>(initialTime: 5)
        env.timeout(1)
        env.timeout(2)
        #expect(env.step() && env.now == 6)
        #expect(env.step() && env.now == 7)
        #expect(!env.step())
        #expect(env.eventsProcessed == 2 && env.messagesDelivered == 0)
    }

    @Test func waitingProcessesAndCallbacksRunInTheOrderAdded() {
        let env = Environment<Double>()
        let recorder = Recorder("w")
        let id = env.register(recorder)
        let event = Event<Double>(name: "go")
        var order: [String] = []
        event.addCallback { _, _ in order.append("first") }
        #expect(env.wait(id, on: event))
        event.addCallback { _, _ in order.append("third:\(recorder.log.count)") }
        #expect(env.succeed(event, payload: 8))
        #expect(event.state == .triggered && event.payload == 8)
        env.run()
        #expect(order == ["first", "third:1"])
        #expect(recorder.log == ["w@0.0:go"])
        #expect(event.state == .processed)
        #expect(!env.wait(id, on: event) && !event.addCallback { _, _ in })
    }

    @Test func triggeringTwiceIsRefused() {
        let env = Environment<Double>()
        let event = Event<Double>()
        #expect(env.schedule(event, delay: 1, payload: 1))
        #expect(!env.succeed(event, payload: 2))
        env.run()
        #expect(event.payload == 1 && env.eventsProcessed == 1)
        #expect(!env.succeed(event))
    }

    @Test func eventSlotsAreReusedAcrossManyEvents() {
        let env = Environment<Double>()
        var count = 0
        for _ in 0..<1_000 {
            env.timeout(0.5).addCallback { _, _ in count += 1 }
            env.run()
        }
        #expect(count == 1_000 && env.now == 500)
    }

    @Test func unknownProcessLookupGivesNil() {
        let env = Environment<Double>()
        #expect(env.process(ProcessID(index: 0)) == nil)
        env.register(Recorder("x"))
        #expect(env.process(ProcessID(index: 0)) != nil && env.processCount == 1)
    }

    /// 0.2 + (0.9 − 0.2) is 0.8999999999999999 in Float64: a delay computed from a target time misses it, an absolute
    /// time does not.
    @Test func absoluteTimesAreKeptExactly() {
        let env = Environment<Double>()
        let sink = Recorder("sink")
        let id = env.register(sink)
        env.timeout(0.2)
        env.run()
        #expect(env.now == 0.2 && env.now + (0.9 - env.now) != 0.9)
        env.send(Message(sender: id, port: 1, value: 5), to: id, at: 0.9)
        var fired: [Double] = []
        env.timeout(at: 0.9, priority: .late).addCallback { _, env in fired.append(env.now) }
        env.run()
        #expect(sink.times == [0.9] && fired == [0.9])
    }

    /// A payload richer than a number travels intact, in messages and in events.
    @Test func typedPayloadsTravelThroughTheQueue() {
        enum Signal: Hashable { case fault(NeuronID), level(Double) }
        final class Sink: SimulationProcess {
            var got: [Signal] = []
            func receive(_ message: Message<Signal>, in environment: Environment<Signal>) { got.append(message.payload) }
            func resume(after event: Event<Signal>, in environment: Environment<Signal>) {
                if let p = event.payload { got.append(p) }
            }
        }
        let env = Environment<Signal>()
        let sink = Sink()
        let id = env.register(sink)
        env.send(Message(sender: id, payload: .fault(NeuronID(layer: 2, index: 7))), to: id, at: 2)
        env.wait(id, on: env.timeout(1, payload: .level(0.25)))
        env.run()
        #expect(sink.got == [.level(0.25), .fault(NeuronID(layer: 2, index: 7))] && env.messagesDelivered == 1)
    }
}

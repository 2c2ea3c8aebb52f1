import NeuroFailCore
import Testing

@testable import NeuroFailKernel

struct EventQueueTests {
    @Test func popsInTimePrioritySequenceOrder() {
        var queue = EventQueue<Double>()
        var rng = Xoshiro256(seed: 3)
        var expected: [(Double, UInt8, Int)] = []
        for k in 0..<3_000 {
            // Few distinct times and priorities, so ties are common.
            let time = Double(rng.nextIndex(20))
            let rank = UInt8(rng.nextIndex(3))
            queue.push(time: time, priority: Priority(rank: rank), target: 0, sender: 0, port: Int32(k), payload: 0)
            expected.append((time, rank, k))
            if rng.nextIndex(5) == 0, let popped = queue.pop() {
                // Pops interleaved with pushes must still give the least key pending.
                let least = expected.indices.min { (expected[$0].0, expected[$0].1, expected[$0].2) < (expected[$1].0, expected[$1].1, expected[$1].2) }
                if let least {
                    #expect(Int(popped.entry.port) == expected[least].2)
                    expected.remove(at: least)
                }
            }
        }
        expected.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var ports: [Int] = []
        while let (_, entry) = queue.pop() { ports.append(Int(entry.port)) }
        #expect(ports == expected.map(\.2))
        #expect(queue.count == 0 && queue.firstTime == nil)
    }

    // A lane that is refilled while it drains (a process messaging itself at zero delay) drops its consumed front
    // from time to time; first-in first-out order must survive that.
    @Test func laneRefilledWhileDrainingKeepsFirstInFirstOutOrder() {
        var queue = EventQueue<Double>()
        var pushed = 0
        var popped: [Int] = []
        for _ in 0..<100 {
            queue.push(time: 1, priority: .normal, target: 0, sender: 0, port: Int32(pushed), payload: 0)
            pushed += 1
        }
        for _ in 0..<20_000 {
            if let (_, entry) = queue.pop() { popped.append(Int(entry.port)) }
            queue.push(time: 1, priority: .normal, target: 0, sender: 0, port: Int32(pushed), payload: 0)
            pushed += 1
        }
        while let (_, entry) = queue.pop() { popped.append(Int(entry.port)) }
        #expect(popped == Array(0..<pushed))
    }

    @Test func minusZeroAndZeroShareALane() {
        var queue = EventQueue<Double>()
        queue.push(time: 0, priority: .normal, target: 0, sender: 0, port: Int32(0), payload: 0)
        queue.push(time: -0.0, priority: .normal, target: 0, sender: 0, port: Int32(1), payload: 0)
        queue.push(time: 0, priority: .urgent, target: 0, sender: 0, port: Int32(2), payload: 0)
        var ports: [Int] = []
        while let (_, entry) = queue.pop() { ports.append(Int(entry.port)) }
        #expect(ports == [2, 0, 1])
    }
}

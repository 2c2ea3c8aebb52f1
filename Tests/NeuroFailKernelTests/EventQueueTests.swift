import NeuroFailCore
import Testing

@testable import NeuroFailKernel

struct EventQueueTests {
    @Test func popsInTimePrioritySequenceOrder() {
        var queue = EventQueue()
        var rng = Xoshiro256(seed: 3)
        var expected: [(Double, UInt8, Int)] = []
        for k in 0..<3_000 {
            // Few distinct times and priorities, so ties are common.
            let time = Double(rng.nextIndex(20))
            let rank = UInt8(rng.nextIndex(3))
            queue.push(time: time, priority: Priority(rank: rank), target: 0, sender: 0, port: k, value: 0)
            expected.append((time, rank, k))
            if rng.nextIndex(5) == 0, let popped = queue.pop() {
                // Pops interleaved with pushes must still give the least key pending.
                let least = expected.indices.min { (expected[$0].0, expected[$0].1, expected[$0].2) < (expected[$1].0, expected[$1].1, expected[$1].2) }
                if let least {
                    #expect(popped.entry.port == expected[least].2)
                    expected.remove(at: least)
                }
            }
        }
        expected.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var ports: [Int] = []
        while let (_, entry) = queue.pop() { ports.append(entry.port) }
        #expect(ports == expected.map(\.2))
        #expect(queue.count == 0 && queue.firstTime == nil)
    }
}

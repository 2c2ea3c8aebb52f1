/// The future event list, ordered by (time, priority, sequence number): a binary min-heap of *lanes*, one lane per
/// (time, priority) pair that has entries, each lane a first-in first-out list.
///
/// The sequence number of an entry is the order in which it was scheduled. Within a lane every entry has the same
/// time and priority, and entries are appended as they are scheduled, so a lane's order *is* sequence order and the
/// number need not be stored: popping the head of the least lane gives exactly the entry a single heap keyed by
/// (time, priority, sequence) would give. The difference is cost. A round of a chip sent one message per entry
/// (`PerMessageNetwork`) puts thousands of messages at one (time, priority); a plain heap pays O(log n) moves of a 40-byte entry for each, while a lane pays an append
/// and an index increment, and the heap only orders the few open lanes. (`EventQueueTests` checks the order against
/// an explicit sort by (time, priority, sequence).)
///
/// Entries hold no references of their own (a message is its payload and three numbers; an event is the index of a
/// slot in the environment's table of triggered events), and emptied lanes keep their storage for reuse, so once a
/// run has reached its working size, scheduling allocates nothing. With `Payload == Double` an entry is 24 bytes.
struct EventQueue<Payload> {
    /// One scheduled occurrence: a message to deliver (`target ≥ 0`, `payload` set) or an event to process
    /// (`target < 0`, slot `−target − 1`, `payload` nil: the event holds its own).
    struct Entry {
        var payload: Payload?
        var port: Int32
        var target: Int32
        var sender: Int32
    }

    /// The entries due at one (time, priority), in the order they were scheduled, from `head` on.
    struct Lane {
        var time: Double
        var rank: UInt8
        var entries: [Entry] = []
        var head = 0
    }

    /// What identifies an open lane (the time by bit pattern, −0 folded into +0).
    struct LaneKey: Hashable {
        var timeBits: UInt64
        var rank: UInt8
        init(time: Double, rank: UInt8) {
            timeBits = (time == 0 ? 0 : time).bitPattern
            self.rank = rank
        }
    }

    /// Lane storage by index; open lanes are listed in `laneIndex` and `heap`, the others in `freeLanes`.
    private var lanes: [Lane] = []
    private var freeLanes: [Int] = []
    private var laneIndex: [LaneKey: Int] = [:]
    /// Open lanes as a binary min-heap on (time, rank).
    private var heap: [Int] = []
    /// The lane of the last push, if still open: most pushes go to the same lane as the one before.
    private var lastLane = -1

    /// The number of entries waiting.
    private(set) var count = 0
    /// The time of the first entry, if any.
    var firstTime: Double? { heap.first.map { lanes[$0].time } }

    /// Appends an entry due at `time` with `priority`, after every entry already due at the same time and priority.
    @inline(__always)
    mutating func push(time: Double, priority: Priority, target: Int32, sender: Int32, port: Int32, payload: Payload?) {
        let lane: Int
        if lastLane >= 0 && lanes[lastLane].time == time && lanes[lastLane].rank == priority.rank {
            lane = lastLane
        } else {
            lane = laneIndex[LaneKey(time: time, rank: priority.rank)] ?? openLane(time: time, rank: priority.rank)
            lastLane = lane
        }
        lanes[lane].entries.append(Entry(payload: payload, port: port, target: target, sender: sender))
        count += 1
    }

    /// Removes and returns the first entry in (time, priority, sequence) order, with its time.
    @inline(__always)
    mutating func pop() -> (time: Double, entry: Entry)? {
        guard let lane = heap.first else { return nil }
        let head = lanes[lane].head
        let entry = lanes[lane].entries[head]
        let time = lanes[lane].time
        count -= 1
        if head + 1 == lanes[lane].entries.count {
            closeFirstLane()
        } else if head >= 4096 && 2 * head >= lanes[lane].entries.count {
            // A lane that keeps being refilled while drained (a process messaging itself at zero delay) would grow
            // forever; drop its consumed front now and then.
            lanes[lane].entries.removeFirst(head + 1)
            lanes[lane].head = 0
        } else {
            lanes[lane].head = head + 1
        }
        return (time, entry)
    }

    private mutating func openLane(time: Double, rank: UInt8) -> Int {
        let lane: Int
        if let free = freeLanes.popLast() {
            lane = free
            lanes[lane].time = time
            lanes[lane].rank = rank
        } else {
            lane = lanes.count
            lanes.append(Lane(time: time, rank: rank))
        }
        laneIndex[LaneKey(time: time, rank: rank)] = lane
        // Sift up.
        heap.append(lane)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard precedes(lane, heap[parent]) else { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = lane
        return lane
    }

    /// Closes the least lane, now drained: its storage is kept for reuse.
    private mutating func closeFirstLane() {
        let lane = heap[0]
        laneIndex[LaneKey(time: lanes[lane].time, rank: lanes[lane].rank)] = nil
        lanes[lane].entries.removeAll(keepingCapacity: true)
        lanes[lane].head = 0
        freeLanes.append(lane)
        if lastLane == lane { lastLane = -1 }
        // Pop the heap: sift the last lane down from the root.
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        var i = 0
        while true {
            var child = 2 * i + 1
            guard child < heap.count else { break }
            if child + 1 < heap.count && precedes(heap[child + 1], heap[child]) { child += 1 }
            guard precedes(heap[child], last) else { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = last
    }

    /// Whether open lane `a` comes before open lane `b`: (time, rank) order; open lanes never share both.
    private func precedes(_ a: Int, _ b: Int) -> Bool {
        lanes[a].time < lanes[b].time || (lanes[a].time == lanes[b].time && lanes[a].rank < lanes[b].rank)
    }
}

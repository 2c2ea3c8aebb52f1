/// The future event list: a binary min-heap of plain-value entries ordered by (time, priority, sequence number).
///
/// The sequence number is a counter stamped on each entry when it is scheduled, so entries due at the same time
/// with the same priority leave in the order they came in, and a run is the same on every machine. Priority and
/// sequence are packed into one `UInt64` (`rank << 56 | sequence`), so an entry compares in at most two steps.
///
/// Entries hold no references (a message is three numbers; an event is the index of a slot in the environment's
/// table of triggered events), so pushing and popping never touches a reference count, and the storage grows to
/// the largest number of pending entries once and is then reused.
struct EventQueue {
    /// One scheduled occurrence: a message to deliver (`target ≥ 0`) or an event to process (`target < 0`,
    /// slot `−target − 1`).
    struct Entry {
        var time: Double
        /// `rank << 56 | sequence`.
        var order: UInt64
        var value: Double
        var port: Int
        var target: Int32
        var sender: Int32

        @inline(__always)
        static func precedes(_ a: Entry, _ b: Entry) -> Bool {
            a.time < b.time || (a.time == b.time && a.order < b.order)
        }
    }

    /// The largest sequence number that fits beside an 8-bit priority.
    static let sequenceLimit: UInt64 = 1 << 56

    private(set) var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    /// The number of entries waiting.
    var count: Int { heap.count }
    /// The time of the first entry, if any.
    var firstTime: Double? { heap.first?.time }

    /// Reserves room for `capacity` entries, so a run that stays below it never reallocates.
    mutating func reserve(_ capacity: Int) { heap.reserveCapacity(capacity) }

    /// Stamps `entry` with the next sequence number and its priority, and inserts it.
    @inline(__always)
    mutating func push(
        time: Double, priority: Priority, target: Int32, sender: Int32, port: Int, value: Double
    ) {
        precondition(nextSequence < Self.sequenceLimit, "event queue sequence numbers exhausted")
        let entry = Entry(
            time: time, order: UInt64(priority.rank) << 56 | nextSequence, value: value, port: port,
            target: target, sender: sender)
        nextSequence &+= 1
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in
            // Sift up with a hole: an entry scheduled now, at the running priority, has the largest sequence number
            // and usually stops at once.
            var i = h.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                guard Entry.precedes(entry, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = entry
        }
    }

    /// Removes and returns the first entry in (time, priority, sequence) order.
    @inline(__always)
    mutating func pop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        return heap.withUnsafeMutableBufferPointer { h in
            let first = h[0]
            // Sift the former last entry down from the root with a hole.
            let n = h.count
            var i = 0
            while true {
                var child = 2 * i + 1
                guard child < n else { break }
                if child + 1 < n && Entry.precedes(h[child + 1], h[child]) { child += 1 }
                guard Entry.precedes(h[child], last) else { break }
                h[i] = h[child]
                i = child
            }
            h[i] = last
            return first
        }
    }
}

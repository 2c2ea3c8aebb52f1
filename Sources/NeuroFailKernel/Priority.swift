/// The rank of a queue entry among entries due at the same simulated time: a lower rank runs first.
///
/// The event queue orders entries by (time, priority, sequence number). Two entries due at the same time run in
/// priority order; two with the same time and priority run in the order they were scheduled. Three ranks are named
/// (after SimPy's `URGENT` and `NORMAL`, plus one for closing a round); any `UInt8` rank may be used.
public struct Priority: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The rank: 0 runs first.
    public let rank: UInt8

    /// A priority of the given rank (0 runs first).
    public init(rank: UInt8) {
        self.rank = rank
    }

    /// Rank 0: before everything else due at the same time.
    public static let urgent = Priority(rank: 0)
    /// Rank 1: the default for events and messages.
    public static let normal = Priority(rank: 1)
    /// Rank 2: after every `normal` entry due at the same time, e.g. the event that closes a round of messages.
    public static let late = Priority(rank: 2)

    /// Orders by rank.
    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }

    /// `p<rank>`, e.g. `p1`.
    public var description: String { "p\(rank)" }
}

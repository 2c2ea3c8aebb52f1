/// Slice i of n (1-based) of a run's items: `--shard i/n`. The slices are disjoint, contiguous, cover every item
/// exactly once, and differ in size by at most one (the first `total % n` slices take one more).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1...count.
    public let index: Int
    /// The number of slices.
    public let count: Int

    /// The whole run as one slice.
    public static let whole = Shard(index: 1, count: 1)

    /// Precondition: 1 ≤ index ≤ count.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 1 && index <= count, "shard \(index)/\(count)")
        self.index = index
        self.count = count
    }

    /// Parses `i/n`; nil when it is not two integers with 1 ≤ i ≤ n.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else { return nil }
        self.init(index: i, count: n)
    }

    /// The items of this slice among 0..<total.
    public func range(of total: Int) -> Range<Int> {
        precondition(total >= 0)
        let base = total / count, extra = total % count
        let lower = (index - 1) * base + min(index - 1, extra)
        return lower..<(lower + base + (index <= extra ? 1 : 0))
    }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }
}
